#!/usr/bin/env python
"""The dashboard and the information audit at scale: 200 publishers and 20,000 datasets
(scored by the real engine), 3,000 feedback items over a year and 60 suggestions, in the
test database; prints the median and 95th-percentile latency of GET /open-data/dashboard,
GET /open-data/audit and GET /open-data/audit?publisher=… (target p95 under 500 ms) and how
many SQL statements one request runs (independent of the number of publishers).

Resets the database of the ini it is given (like the other benches). Usage:
  make services test-db && .venv/bin/python bench/reports_pages.py [--publishers 200] [--datasets 20000]
      [--ini bench/bench.ini]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def feedback_and_suggestions(made: list[dict], rng: random.Random, feedback: int, suggestions: int) -> None:
    """Feedback on random datasets over the last year (most answered, some waiting) and
    suggestions, in bulk."""
    from sqlalchemy import insert

    from ckan import model

    from ckanext.chervonohrad.feedback.model import Feedback, Suggestion

    now = dt.datetime.utcnow()
    rows = []
    for _ in range(feedback):
        created = now - dt.timedelta(hours=rng.randint(1, 365 * 24))
        answered = rng.random() < 0.8
        rows.append({"id": str(uuid.uuid4()), "package_id": rng.choice(made)["id"], "category": "other",
                     "message": "Відгук", "consent": True, "status": "answered" if answered else "new",
                     "published": False, "created": created, "modified": created,
                     "first_response_at": created + dt.timedelta(hours=rng.randint(1, 200)) if answered else None})
    model.Session.execute(insert(Feedback), rows)
    model.Session.execute(insert(Suggestion), [
        {"id": str(uuid.uuid4()), "title": f"Пропозиція {i}", "description": "…", "reason": "…", "status": "open",
         "created": now, "modified": now} for i in range(suggestions)])
    model.Session.commit()


def timed(client, url: str, requests: int) -> tuple[float, float]:
    timings = []
    for _ in range(requests):
        begun = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(round(0.95 * len(timings))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--publishers", type=int, default=200)
    parser.add_argument("--datasets", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--ini", default=os.path.join(ROOT, "bench", "bench.ini"))
    options = parser.parse_args()

    from bench.quality_rating import reset_database, score_all

    reset_database(options.ini)
    from sqlalchemy import event
    from werkzeug.test import Client

    from ckan import model
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    from bench import generator

    app = make_app(load_config(options.ini))
    with app._wsgi_app.test_request_context():
        started = time.perf_counter()
        rng = random.Random(835)
        orgs = generator.publishers(options.publishers, rng)
        made = generator.datasets(options.datasets, orgs, rng)
        score_all(made)
        feedback_and_suggestions(made, rng, 3000, 60)
        print(f"generated {len(orgs)} publishers, {len(made)} scored datasets, 3000 feedback items in "
              f"{time.perf_counter() - started:.0f} s")

    client = Client(app)  # the whole middleware stack, as a browser meets it
    statements = []
    event.listen(model.meta.engine, "before_cursor_execute", lambda *args: statements.append(1))
    pages = ("/open-data/dashboard", "/open-data/audit", "/open-data/audit?publisher=bench-org-7")
    for url in pages:
        for _ in range(3):  # warm the caches and the templates
            assert client.get(url).status_code == 200
    overview = client.get("/open-data/audit").get_data(as_text=True)
    assert overview.count('data-name="bench-org-') == options.publishers
    for url in pages:
        statements.clear()
        client.get(url)
        per_request = len(statements)
        median, p95 = timed(client, url, options.requests)
        print(f"GET {url} with {options.publishers} publishers, {options.datasets} datasets, n={options.requests}: "
              f"median {median:.0f} ms, p95 {p95:.0f} ms (target p95 < 500 ms); {per_request} SQL statements")
    for url in ("/open-data/audit.xlsx", "/open-data/register.csv"):
        begun = time.perf_counter()
        size = len(client.get(url).data)
        print(f"GET {url}: {(time.perf_counter() - begun) * 1000:.0f} ms, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
