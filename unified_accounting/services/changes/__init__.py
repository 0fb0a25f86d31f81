"""The change feed: recording (log), ordering (sequence), reading (feed, records, renderers)."""
