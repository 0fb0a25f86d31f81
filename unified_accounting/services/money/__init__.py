"""Payments, expenses, and money applied after the fact (allocations, credit notes, refunds)."""
