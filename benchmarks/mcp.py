"""Side-by-side benchmarks of the MCP server over real HTTP, against the same call made as plain HTTP:

15. tools/list (every tool with its input schema) vs GET meta.openapi (the document it is built from);
16. a read tool, list_invoices with 100 invoices and their lines, vs GET invoices.list_invoices.

Both sides run as the same user on one gunicorn worker, interleaved. Run from the bench's sites
directory with the bench's Python (benchmarks/run.sh does that):
	python benchmarks/mcp.py --site ua-bench.localhost --repeat 7
"""

import argparse
import time

import requests
from harness import Server, prepare, print_table, row

OURS = "/api/method/unified_accounting.api"
MCP = f"{OURS}.mcp.serve"
TARGETS = {"mcp_list": ("<=", 1.2), "mcp_read": ("<=", 1.2)}
PAGE = 100


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	server = Server(args.site, 1)
	try:
		bench = McpBench(server.url, args.site, token, args.repeat)
		rows = [bench.list_tools(), bench.read_tool()]
	finally:
		server.stop()
	print_table(rows, TARGETS, f"MCP - site {args.site}, 1 gunicorn worker, {args.repeat} runs")


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
	return parser.parse_args()


class McpBench:
	def __init__(self, url: str, site: str, token: str, repeat: int):
		self.url, self.repeat = url, repeat
		self.http = requests.Session()
		self.http.headers.update(
			{"Host": site, "Authorization": f"token {token}", "Accept": "application/json"}
		)
		self.ids = 0

	def rpc(self, method: str, params: dict | None = None) -> dict:
		self.ids += 1
		message = {"jsonrpc": "2.0", "id": self.ids, "method": method, "params": params or {}}
		headers = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"}
		response = self.http.post(self.url + MCP, json=message, headers=headers, timeout=600)
		answer = response.json() if response.ok else {}
		assert "result" in answer, response.text[:800]
		return answer["result"]

	def get(self, path: str, **params) -> dict:
		response = self.http.get(self.url + path, params=params, timeout=600)
		assert response.ok, response.text[:800]
		return response.json()

	def side_by_side(self, ours, native) -> tuple[list[float], list[float]]:
		ours(), native()  # warm both paths (the tool catalog is built once per process)
		ours_runs, native_runs = [], []
		for _ in range(self.repeat):
			for side, runs in ((ours, ours_runs), (native, native_runs)):
				started = time.perf_counter()
				side()
				runs.append((time.perf_counter() - started) * 1000)
		return ours_runs, native_runs

	# (15) tools/list
	def list_tools(self) -> dict:
		def ours() -> None:
			assert len(self.rpc("tools/list")["tools"]) > 100

		def native() -> None:
			assert self.get(f"{OURS}.meta.openapi")["paths"]

		label = "15. MCP tools/list vs GET meta.openapi (ms)"
		return row("mcp_list", label, *self.side_by_side(ours, native), lower_is_better=True)

	# (16) a read tool
	def read_tool(self) -> dict:
		def ours() -> None:
			result = self.rpc("tools/call", {"name": "list_invoices", "arguments": {"limit": PAGE}})
			assert not result["isError"] and len(result["structuredContent"]["result"]) == PAGE

		def native() -> None:
			assert len(self.get(f"{OURS}.invoices.list_invoices", limit=PAGE)["result"]) == PAGE

		label = f"16. MCP tools/call list_invoices ({PAGE} with lines) vs the same HTTP GET (ms)"
		return row("mcp_read", label, *self.side_by_side(ours, native), lower_is_better=True)


if __name__ == "__main__":
	main()
