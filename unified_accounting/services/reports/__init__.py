"""ERPNext's own financial reports, run for the caller, and their filters."""
