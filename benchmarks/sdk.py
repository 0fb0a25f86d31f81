"""Side-by-side benchmarks of the Python SDK (clients/python) against raw HTTP loops, over real HTTP:

17. a full invoice sync: client.invoices.list(limit=PAGE) vs a requests loop following next_cursor;
18. the ledger stream: client.stream_transactions (1 MB reads) vs requests' default iter_lines.

Run from the bench's sites directory with the bench's Python (benchmarks/run.sh does that):
	python benchmarks/sdk.py --site ua-bench.localhost --repeat 5
"""

import argparse
import json
import time

import requests
import unified_accounting_client as sdk
from harness import Server, prepare, print_table, row

OURS = "/api/method/unified_accounting.api"
TARGETS = {"sdk_sync": ("<=", 1.1)}
PAGE = 200
STREAM_ROWS = 50_000


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	server = Server(args.site, 1)
	try:
		bench = SdkBench(server.url, args.site, token, args.repeat)
		rows = [bench.invoice_sync(), bench.ledger_stream()]
	finally:
		server.stop()
	print_table(rows, TARGETS, f"Python SDK - site {args.site}, 1 gunicorn worker, {args.repeat} runs")


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
	return parser.parse_args()


class SdkBench:
	def __init__(self, url: str, site: str, token: str, repeat: int):
		self.url, self.repeat = url, repeat
		self.client = sdk.Client(url, *token.split(":"), host=site)
		self.http = requests.Session()
		self.http.headers.update(
			{"Host": site, "Authorization": f"token {token}", "Accept": "application/json"}
		)

	def side_by_side(self, ours, native) -> tuple[list[float], list[float], int]:
		counts = {ours(), native()}  # warm; both must see the same records
		assert len(counts) == 1, counts
		ours_runs, native_runs = [], []
		for _ in range(self.repeat):
			for side, runs in ((ours, ours_runs), (native, native_runs)):
				started = time.perf_counter()
				side()
				runs.append((time.perf_counter() - started) * 1000)
		return ours_runs, native_runs, counts.pop()

	# (17) full invoice sync
	def invoice_sync(self) -> dict:
		def ours() -> int:
			return sum(1 for _ in self.client.invoices.list(limit=PAGE))

		def native() -> int:
			count, params = 0, {"limit": PAGE}
			while True:
				page = self.http.get(
					f"{self.url}{OURS}.invoices.list_invoices", params=params, timeout=600
				).json()
				count += len(page["result"])
				if not page["next_cursor"]:
					return count
				params["cursor"] = page["next_cursor"]

		ours_runs, native_runs, count = self.side_by_side(ours, native)
		label = (
			f"17. full invoice sync ({count} invoices, pages of {PAGE}): SDK iterator vs a requests loop (ms)"
		)
		return row("sdk_sync", label, ours_runs, native_runs, lower_is_better=True)

	# (18) the ledger stream
	def ledger_stream(self) -> dict:
		def ours() -> int:
			return sum(1 for _ in self.client.stream_transactions(limit=STREAM_ROWS))

		def native() -> int:
			url = f"{self.url}{OURS}.exports.stream_transactions"
			with self.http.get(url, params={"limit": STREAM_ROWS}, stream=True, timeout=600) as response:
				return sum(1 for line in response.iter_lines() if line and json.loads(line))

		ours_runs, native_runs, count = self.side_by_side(ours, native)
		label = f"18. stream {count} ledger rows: SDK (1 MB reads) vs requests iter_lines (512 B reads) (ms)"
		result = row("sdk_stream", label, ours_runs, native_runs)
		result["note"] = f"SDK {count / (min(ours_runs) / 1000):,.0f} rows/s at best"
		return result


if __name__ == "__main__":
	main()
