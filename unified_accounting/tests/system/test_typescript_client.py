"""The TypeScript types (clients/typescript): generated from the served site's spec with openapi-typescript,
a usage example compiled with `tsc --strict` and run with Node against the site."""

import json
import os
import subprocess

import pytest
import requests

import frappe

from unified_accounting.tests.support import REPO, write_fixtures
from unified_accounting.tests.support.servers import gunicorn
from unified_accounting.tests.support.site import SITE

TS = REPO / "clients" / "typescript"


@pytest.fixture(scope="module")
def host():
	with gunicorn(1) as url:
		yield url


def npx(*args: str) -> subprocess.CompletedProcess:
	done = subprocess.run(["npx", "--no-install", *args], cwd=TS, capture_output=True, text=True, timeout=300)
	assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
	return done


def test_the_generated_types_compile_strictly_and_the_example_runs_against_the_site(host, api_user):
	if not (TS / "node_modules").exists():
		subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TS, check=True, timeout=600)
	auth = {"Host": SITE, "Authorization": f"token {api_user.token}"}
	spec = requests.get(f"{host}/api/method/unified_accounting.api.meta.openapi", headers=auth, timeout=60)
	(TS / "openapi.json").write_text(spec.text)
	npx("openapi-typescript", "./openapi.json", "-o", "./src/schema.d.ts")
	npx("tsc", "--strict", "-p", "tsconfig.json")
	books = write_fixtures.books()
	memo = f"UA TypeScript {frappe.generate_hash(length=8)}"
	key, secret = api_user.token.split(":")
	port = host.rsplit(":", 1)[1]
	env = {
		**os.environ,
		"BASE_URL": f"http://{SITE}:{port}",  # Node resolves the site through /etc/hosts (scripts/test.sh)
		"API_KEY": key,
		"API_SECRET": secret,
		"EXPENSE": books["expense"],
		"CASH": books["cash"],
		"MEMO": memo,
	}
	ran = subprocess.run(
		["node", "dist/examples/usage.js"], cwd=TS, env=env, capture_output=True, text=True, timeout=120
	)
	assert ran.returncode == 0, ran.stderr[-3000:]
	out = json.loads(ran.stdout)
	frappe.db.rollback()
	entry = frappe.db.get_value("Journal Entry", {"user_remark": memo}, ["name", "docstatus"], as_dict=True)
	assert out["journal_entry"] == {"id": entry.name, "posting_status": "posted", "total_debit": 12.5}
	assert entry.docstatus == 1
	assert out["accounts"] == frappe.db.count("Account") and out["missing"] == "not_found"


def test_the_spec_passes_the_owasp_resource_limit_rules_and_every_other_finding_is_explained(host, api_user):
	"""Spectral's OWASP ruleset (the `api4` family, resource limits: string, integer and array bounds, rate
	limit headers) finds no error; each other rule it reports is listed in docs/openapi.md with why."""
	if not (TS / "node_modules").exists():
		subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TS, check=True, timeout=600)
	auth = {"Host": SITE, "Authorization": f"token {api_user.token}"}
	spec = requests.get(f"{host}/api/method/unified_accounting.api.meta.openapi", headers=auth, timeout=60)
	(TS / "openapi.json").write_text(spec.text)
	done = subprocess.run(
		[
			"npx",
			"--no-install",
			"spectral",
			"lint",
			"openapi.json",
			"-r",
			".spectral.yaml",
			"-f",
			"json",
			"-q",
		],
		cwd=TS,
		capture_output=True,
		text=True,
		timeout=300,
	)
	findings = json.loads(done.stdout or "[]")
	assert findings, done.stderr[-2000:]  # the ruleset ran (string-restricted warnings always remain)
	api4_errors = [f for f in findings if ":api4:" in f["code"] and f["severity"] == 0]
	assert api4_errors == []
	docs = (TS.parents[1] / "docs" / "openapi.md").read_text()
	assert {f["code"] for f in findings} - {
		code for code in docs.split("`") if code.startswith("owasp:")
	} == set()
