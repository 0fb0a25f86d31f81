"""Fuzz every endpoint from the served OpenAPI document with schemathesis (not CI): at least 10,000
generated requests against a private copy of a site (own MariaDB, Redis, gunicorn on 127.0.0.1), 0 answers
5xx allowed, every answer checked against the spec; figures printed.

    ~/frappe-bench/env/bin/python scripts/fuzz.py --site ua-h7.localhost --examples 150

schemathesis lives in its own virtualenv (created on first use with uv or venv + pip from PyPI), so its
dependencies never touch the bench's. Bounded by --examples per operation and --timeout.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).parent))
from private_stack import Stack, fresh_workdir, prepare_api_user, wait_for

SCHEMATHESIS = "schemathesis==4.32.5"  # 4.3.x draws with a hypothesis API newer hypothesis removed
VENV = Path(os.environ.get("UA_FUZZ_VENV", Path.home() / ".cache" / "ua-fuzz-venv"))
SPEC = "/api/method/unified_accounting.api.meta.openapi"
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance"


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default="ua-h7.localhost", help="site to copy (never touched otherwise)")
	parser.add_argument("--examples", type=int, default=150, help="generated cases per operation and phase")
	parser.add_argument("--timeout", type=int, default=3600, help="seconds before the run is stopped")
	parser.add_argument("--workdir", default="/tmp/ua-fuzz")
	parser.add_argument("--db-port", type=int, default=3311)
	parser.add_argument("--redis-port", type=int, default=13180)
	parser.add_argument("--http-port", type=int, default=8180)
	parser.add_argument("--workers", type=int, default=4)
	parser.add_argument("--seed", type=int, default=13)
	parser.add_argument("--only", help="fuzz only the paths matching this regular expression (e.g. exports)")
	return parser.parse_args()


def schemathesis_cli() -> Path:
	"""The `st` command of a virtualenv holding the pinned schemathesis (made, or brought to the pin)."""
	python = VENV / "bin" / "python"
	if shutil.which("uv"):
		if not python.exists():
			subprocess.run(["uv", "venv", "-q", str(VENV)], check=True)
		subprocess.run(["uv", "pip", "install", "-q", "--python", str(python), SCHEMATHESIS], check=True)
	else:
		if not python.exists():
			subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
		subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", SCHEMATHESIS], check=True)
	return VENV / "bin" / "st"


def fetch_spec(base: str, headers: dict, path: Path) -> dict:
	spec = requests.get(base + SPEC, headers=headers, timeout=60).json()
	path.write_text(json.dumps(spec))
	return spec


def run_schemathesis(args, st: Path, spec_path: Path, base: str, headers: dict, report_dir: Path) -> int:
	cmd = [
		str(st),
		"run",
		str(spec_path),
		"--url",
		base,
		"--checks",
		CHECKS,
		"--max-examples",
		str(args.examples),
		"--workers",
		str(args.workers),
		"--seed",
		str(args.seed),
		*(["--include-path-regex", args.only] if args.only else []),
		"--phases",
		"examples,coverage,fuzzing",
		"--generation-database",
		"none",
		"--continue-on-failure",
		"--request-timeout",
		"60",
		"--report",
		"har",
		"--report-dir",
		str(report_dir),
		"--no-color",
		"--suppress-health-check",
		"all",
		"--output-truncate",
		"true",
	]
	for name, value in headers.items():
		cmd += ["-H", f"{name}: {value}"]
	with open(report_dir / "schemathesis.log", "w") as log:
		try:
			return subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=args.timeout).returncode
		except subprocess.TimeoutExpired:
			return -1


def summarize(report_dir: Path, spec: dict, seconds: float, returncode: int) -> dict:
	"""Figures from the HAR file schemathesis wrote: one entry per request sent."""
	har = next(iter(sorted(report_dir.glob("har-*.json")) + sorted(report_dir.glob("*.har"))), None)
	entries = json.loads(har.read_text())["log"]["entries"] if har else []
	statuses = Counter(entry["response"]["status"] for entry in entries)
	per_operation = Counter(entry["request"]["url"].split("?")[0].rsplit("/", 1)[-1] for entry in entries)
	server_errors = [
		{
			"url": e["request"]["url"][:300],
			"status": e["response"]["status"],
			"body": e["response"]["content"].get("text", "")[:300],
		}
		for e in entries
		if e["response"]["status"] >= 500
	]
	log = (report_dir / "schemathesis.log").read_text()
	return {
		"operations_in_spec": sum(len(methods) for methods in spec.get("paths", {}).values()),
		"operations_exercised": len(per_operation),
		"requests": len(entries),
		"statuses": {str(k): v for k, v in sorted(statuses.items())},
		"server_errors_5xx": len(server_errors),
		"first_server_errors": server_errors[:10],
		"seconds": round(seconds),
		"schemathesis_exit_code": returncode,
		"schemathesis_summary": log[-4000:],
	}


def main():
	args = parse_args()
	work = fresh_workdir(args.workdir)
	st = schemathesis_cli()
	token, _books = prepare_api_user(args.site)
	args.duration = 0
	stack = Stack(args)
	base = f"http://127.0.0.1:{args.http_port}"
	headers = {"Authorization": f"token {token}", "Host": args.site}
	try:
		stack.copy_database()
		stack.start_redis()
		stack.make_sites()
		stack.start_web()
		wait_for(
			lambda: requests.get(base + SPEC, headers=headers, timeout=30).status_code == 200, 180, "gunicorn"
		)
		spec = fetch_spec(base, headers, work / "openapi.json")
		started = time.time()
		code = run_schemathesis(args, st, work / "openapi.json", base, headers, work)
		summary = summarize(work, spec, time.time() - started, code)
	finally:
		stack.shutdown()
	(work / "summary.json").write_text(json.dumps(summary, indent=1))
	print(summary["schemathesis_summary"][-2500:])
	print(f"\noperations {summary['operations_exercised']} of {summary['operations_in_spec']} in the spec")
	print(f"requests {summary['requests']} in {summary['seconds']} s")
	print("by status: " + ", ".join(f"{k}: {v}" for k, v in summary["statuses"].items()))
	print(f"5xx answers: {summary['server_errors_5xx']}")
	for error in summary["first_server_errors"]:
		print(f"  {error['status']} {error['url']}\n    {error['body']}")
	# a whole run must reach 10,000 requests; an --only run is as large as its paths
	ok = summary["server_errors_5xx"] == 0 and (args.only or summary["requests"] >= 10_000)
	print("\nRESULT: " + ("OK" if ok else "FAIL"))
	sys.exit(0 if ok else 1)


if __name__ == "__main__":
	main()
