#!/usr/bin/env python
"""The publisher rating page at scale: 200 publishers and 20,000 datasets (scored by the
real engine) in the test database; prints the median and 95th-percentile latency of
GET /publishers/rating (target p95 under 300 ms) and how many SQL statements one request
runs (the figures come from one aggregate query, not one per publisher).

Resets the test database (like the other benches). Usage:
  make services test-db && .venv/bin/python bench/quality_rating.py [--publishers 200] [--datasets 20000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def reset_database(ini: str) -> None:
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    subprocess.run([ckan, "-c", ini, "db", "clean", "--yes"], capture_output=True, check=True, cwd=ROOT)
    subprocess.run([ckan, "-c", ini, "db", "upgrade"], capture_output=True, check=True, cwd=ROOT)
    for plugin in ("activity", "harvest", "chervonohrad"):
        subprocess.run([ckan, "-c", ini, "db", "upgrade", "-p", plugin], capture_output=True, check=True, cwd=ROOT)


def score_all(made: list[dict]) -> None:
    """Store every dataset's score as the engine computes it (bulk insert), then every
    publisher's stored figures (bulk inserts bypass the ORM that keeps them in step)."""
    from sqlalchemy import insert

    from ckan import model

    from ckanext.chervonohrad.performance import summary
    from ckanext.chervonohrad.quality import engine
    from ckanext.chervonohrad.quality.model import DatasetScore

    today = dt.date(2026, 11, 27)
    rows = []
    for dataset in made:
        result = engine.score(dataset, today)
        rows.append({"package_id": dataset["id"], "owner_org": dataset["owner_org"], "score": result.score,
                     "band": result.band, "meets": result.meets(75), "failed": [i.key for i in result.failed],
                     "indicators": [], "computed_at": dt.datetime.utcnow(),
                     "list835_item": dataset["list835_item"] or None,
                     "on_time": all(i.passed for i in result.indicators if i.key == "timeliness")})
    for start in range(0, len(rows), 5000):
        model.Session.execute(insert(DatasetScore), rows[start:start + 5000])
    summary.refresh()
    model.Session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--publishers", type=int, default=200)
    parser.add_argument("--datasets", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--ini", default=os.path.join(ROOT, "bench", "bench.ini"))
    options = parser.parse_args()

    reset_database(options.ini)
    from sqlalchemy import event
    from werkzeug.test import Client

    from ckan import model
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    from bench import generator

    app = make_app(load_config(options.ini))
    flask_app = app._wsgi_app
    with flask_app.test_request_context():
        started = time.perf_counter()
        rng = random.Random(835)
        orgs = generator.publishers(options.publishers, rng)
        made = generator.datasets(options.datasets, orgs, rng)
        score_all(made)
        print(f"generated {len(orgs)} publishers, {len(made)} scored datasets in {time.perf_counter() - started:.0f} s")

    client = Client(app)  # the whole middleware stack, as a browser meets it
    statements = []
    event.listen(model.meta.engine, "before_cursor_execute", lambda *args: statements.append(1))
    for _ in range(3):  # warm the caches and the templates
        assert client.get("/publishers/rating").status_code == 200
    statements.clear()
    response = client.get("/publishers/rating")
    assert response.status_code == 200 and response.get_data(as_text=True).count('data-name="bench-org-') == \
        options.publishers
    per_request = len(statements)
    timings = []
    for _ in range(options.requests):
        begun = time.perf_counter()
        client.get("/publishers/rating?sort=meets_share")
        timings.append((time.perf_counter() - begun) * 1000)
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    print(f"GET /publishers/rating with {options.publishers} publishers, {options.datasets} datasets, "
          f"n={len(timings)}: median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms (target p95 < 300 ms)")
    print(f"SQL statements per request: {per_request} (independent of the number of publishers)")


if __name__ == "__main__":
    main()
