"""The generic read path (reading, listing, records), the document lifecycle and what writes share, settings and site metadata."""
