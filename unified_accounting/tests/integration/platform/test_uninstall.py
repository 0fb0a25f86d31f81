"""uninstall-app leaves the site clean, and install-app brings everything back (runs last: see conftest)."""

import json
import os
import subprocess
import sys

import pytest

import frappe

from unified_accounting.tests.support.site import SITE, SITES_PATH

APP = "unified_accounting"
MODULE = "Unified Accounting"


def frappe_cli(*args: str) -> subprocess.CompletedProcess:
	"""`bench --site SITE ...` without bench: the same entry point bench hands site commands to."""
	return subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, *args],
		cwd=SITES_PATH,
		capture_output=True,
		text=True,
		timeout=600,
		env={**os.environ, "CI": "true"},
	)


def traces() -> dict:
	"""Everything of ours that could be left in the database."""
	frappe.db.rollback()
	doctypes = frappe.db.sql_list("select name from tabDocType where module=%s", MODULE)
	installed_apps = frappe.db.sql_list(
		"select defvalue from tabDefaultValue where parent='__global' and defkey='installed_apps'"
	)
	return {
		"doctypes": doctypes,
		"tables": frappe.db.sql_list(
			"select table_name from information_schema.tables where table_schema=%s and table_name like %s",
			(frappe.conf.db_name, "tabUnified Accounting%"),
		),
		"singles": frappe.db.sql_list(
			"select distinct doctype from tabSingles where doctype like %s", "Unified Accounting%"
		),
		"module_def": frappe.db.sql_list("select name from `tabModule Def` where app_name=%s", APP),
		"custom_fields": frappe.db.sql_list("select name from `tabCustom Field` where module=%s", MODULE),
		"sequences": frappe.db.sql_list(
			"select table_name from information_schema.tables where table_schema=%s and table_type='SEQUENCE'"
			" and table_name like %s",
			(frappe.conf.db_name, "unified\\_accounting%"),
		),
		"defaults": frappe.db.sql_list(
			"select defkey from tabDefaultValue where defkey like %s", "unified\\_accounting%"
		),
		"installed": APP in json.loads(installed_apps[0] if installed_apps else "[]")
		or bool(frappe.db.sql_list("select app_name from `tabInstalled Application` where app_name=%s", APP)),
	}


@pytest.mark.uninstall
def test_uninstall_leaves_nothing_and_reinstall_restores():
	before = traces()
	assert before["installed"] and "Unified Accounting Settings" in before["doctypes"] and before["singles"]

	result = frappe_cli("uninstall-app", APP, "--yes", "--no-backup", "--force")
	assert result.returncode == 0, result.stdout + result.stderr
	after = traces()
	assert after == {k: ([] if k != "installed" else False) for k in after}, after

	result = frappe_cli("install-app", APP)
	assert result.returncode == 0, result.stdout + result.stderr
	assert f"Installing {APP}" in result.stdout, result.stdout
	# End this connection's snapshot first, or clear_cache would re-cache (in Redis, shared with every
	# process) the installed apps as they were before the reinstall.
	frappe.db.rollback()
	frappe.clear_cache()
	restored = traces()
	assert restored["installed"] and restored["doctypes"] == before["doctypes"]
	assert frappe.db.get_single_value("Unified Accounting Settings", "max_page_size") == 500
