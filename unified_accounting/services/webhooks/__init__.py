"""Webhook subscriptions, the outbox, signed delivery and where a target may point."""
