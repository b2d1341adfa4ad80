#!/usr/bin/env python
"""The portal's pages under concurrent visitors, served by CKAN's development server and by
gunicorn (bench/servers.py) in one run: for each page kind — the front page, search, a dataset,
the oblast overview, the rating, the dashboard, a stylesheet — N visitors at once; prints the
rate and p95 of each server side by side and the ratio.

Read-only: it serves an existing portal's configuration (default the demo's, var/ckan.ini:
`make demo` first) on ports of its own. Usage:
  .venv/bin/python bench/serving.py [--ini var/ckan.ini] [--visitors 20] [--requests 200] [--workers 4]
"""
from __future__ import annotations

import argparse
import os
import re
import sys

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import servers, visitors  # noqa: E402


def pages(base: str) -> dict[str, list[str]]:
    """The URLs of each page kind, found on the portal itself."""
    names = requests.get(base + "/api/3/action/package_list", timeout=30).json()["result"][:20]
    front = requests.get(base + "/", timeout=60).text
    css = re.findall(r'href="(/webassets/[^"]+\.css)"', front)[:1]
    return {
        "front page": ["/"],
        "search": ["/dataset/", "/dataset/?q=бюджет", "/dataset/?q=вода", "/dataset/?tags=транспорт"],
        "dataset page": [f"/dataset/{name}" for name in names] or ["/dataset/"],
        "oblast overview": ["/hromadas"],
        "rating": ["/publishers/rating"],
        "dashboard": ["/open-data/dashboard"],
        "stylesheet": css or ["/base/images/ckan-logo.png"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ini", default=os.path.join(ROOT, "var", "ckan.ini"))
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200, help="per page kind")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's worker processes")
    parser.add_argument("--servers", default=",".join(servers.KINDS))
    options = parser.parse_args()
    port = servers.free_port()
    results: dict[str, dict[str, visitors.Figures]] = {}
    for kind in options.servers.split(","):
        with servers.serving(kind, options.ini, port, options.workers) as base:
            results[kind] = {page: visitors.crowd(base, urls, options.visitors, options.requests)
                             for page, urls in pages(base).items()}
    print(f"{options.visitors} visitors at once, {options.requests} requests per page kind")
    kinds = list(results)
    for page in results[kinds[0]]:
        print(f"{page}:")
        for kind in kinds:
            print(f"  {servers.describe(kind, options.workers):<32} {results[kind][page].line()}")
        if len(kinds) == 2:
            ratio = results[kinds[1]][page].rate / results[kinds[0]][page].rate
            print(f"  ratio {kinds[1]} / {kinds[0]}: {ratio:.2f}×")
    errors = sum(sum(f.errors.values()) for by_page in results.values() for f in by_page.values())
    print("OK: no errors" if not errors else f"{errors} requests failed")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
