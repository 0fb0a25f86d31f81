"""Background exports and the ledger's streamed path."""
