"""Accounts, journal entries, the general ledger and its reference data (tax rates, tracking categories, currencies)."""
