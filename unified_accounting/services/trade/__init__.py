"""Invoices, orders, items, customers and suppliers, and the files attached to them."""
