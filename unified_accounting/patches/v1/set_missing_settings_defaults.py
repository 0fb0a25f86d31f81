"""Existing sites get the defaults of settings fields added after they were installed (change feed retention)."""

from unified_accounting.install import write_missing_settings_defaults


def execute() -> None:
	write_missing_settings_defaults()
