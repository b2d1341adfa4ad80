#!/usr/bin/env python
"""How much the 835 passport schema costs at `package_create`, against scheming's stock
`ckan_dataset` schema: same machine, same run, same services (the test database and
Solr core, which this resets), same dataset content (the stock side keeps the passport
values as plain extras). Rounds alternate between the two so that machine noise hits
both alike. Prints each side's median and the ratio; the target is at most 1.25.

Usage: make services && .venv/bin/python bench/package_create.py [--rounds 6] [--per-round 15]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The ckan command of the virtualenv running this (make … CKAN=2.11 picks another).
CKAN_CLI = os.path.join(os.path.dirname(sys.executable), "ckan")
sys.path.insert(0, ROOT)  # the suite's factories, at the checkout's top level

from tests.factories import SAMPLE_PASSPORT, SAMPLE_RESOURCES  # noqa: E402

PASSPORT = {k: v for k, v in SAMPLE_PASSPORT.items() if k != "title"}
EXTRA_KEYS = ("language", "update_frequency", "purpose_of_collecting_information", "list835_item", "topic",
              "data_current_as_of", "territory", "temporal_start", "temporal_end")
RESOURCES = SAMPLE_RESOURCES


def dataset(i: int, side: str, org: str) -> dict:
    data = {"name": f"bench-{side}-{i}-{os.getpid()}", "title": f"Зупинки {i}", "owner_org": org,
            "tags": [{"name": "транспорт"}, {"name": "зупинки"}]}
    if side == "passport":
        data.update(PASSPORT, resources=RESOURCES)
    else:
        data.update({k: v for k, v in PASSPORT.items() if k not in EXTRA_KEYS})
        data["extras"] = [{"key": k, "value": PASSPORT[k]} for k in EXTRA_KEYS]
        data["resources"] = [{k: v for k, v in r.items() if k != "resource_role"} for r in RESOURCES]
    return data


def worker(side: str, count: int, ini: str) -> None:
    """Runs in a subprocess configured for one schema; prints per-call seconds as JSON."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        from ckan.tests.helpers import call_action

        user = call_action("get_site_user", context={"ignore_auth": True})["name"]
        org = call_action("organization_create", context={"user": user}, name=f"bench-org-{side}-{os.getpid()}",
                          title="Бенчмарк", edrpou="14360570", publisher_type="executive_body",
                          hromada="UA46120130000026331")["id"]
        times = []
        for i in range(count + 3):
            started = time.perf_counter()
            call_action("package_create", context={"user": user}, **dataset(i, side, org))
            if i >= 3:  # the first calls warm caches
                times.append(time.perf_counter() - started)
    print(json.dumps(times))


def run_side(side: str, count: int, ini: str) -> list[float]:
    out = subprocess.run([sys.executable, __file__, "--worker", side, "--per-round", str(count), "--ini", ini],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode != 0:
        sys.exit(f"{side} worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per-round", type=int, default=15)
    parser.add_argument("--worker")
    parser.add_argument("--ini")
    options = parser.parse_args()
    if options.worker:
        return worker(options.worker, options.per_round, options.ini)

    test_ini = os.path.join(ROOT, "test.ini")
    stock_ini = os.path.join(ROOT, "bench", "stock-schema.ini")
    subprocess.run([CKAN_CLI, "-c", test_ini, "db", "clean", "--yes"],
                   capture_output=True, check=True, cwd=ROOT)
    subprocess.run([CKAN_CLI, "-c", test_ini, "db", "upgrade"],
                   capture_output=True, check=True, cwd=ROOT)
    timings: dict[str, list[float]] = {"passport": [], "stock": []}
    for _ in range(options.rounds):
        for side, ini in (("passport", test_ini), ("stock", stock_ini)):
            timings[side] += run_side(side, options.per_round, ini)
    medians = {side: statistics.median(values) for side, values in timings.items()}
    for side in ("stock", "passport"):
        print(f"{side:9s} package_create median {medians[side] * 1000:7.1f} ms  (n={len(timings[side])})")
    print(f"ratio passport/stock: {medians['passport'] / medians['stock']:.3f}  (target <= 1.25)")


if __name__ == "__main__":
    main()
