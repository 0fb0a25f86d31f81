"""Bank accounts, statement lines pushed by a feed, reconciliation and its statement."""
