"""Unified Accounting: one accounting API inside ERPNext."""

__version__ = "0.1.0"
