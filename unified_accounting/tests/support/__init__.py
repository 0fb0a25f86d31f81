"""What the tests share: the site and its fixtures (site.py), the HTTP client and the contract check, data
builders, servers, receivers and the browser."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[3]  # the checkout: docs/, clients/, scripts/
TESTS = Path(__file__).resolve().parents[1]
