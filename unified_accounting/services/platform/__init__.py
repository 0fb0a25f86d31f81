"""What every call passes through: rate limits, idempotency, API scopes, usage, audit, batches, integration users."""
