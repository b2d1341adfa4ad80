#!/usr/bin/env python
"""Feedback under load: 500 submissions over 20 concurrent connections against the portal
served by CKAN's development server and by gunicorn (bench/servers.py; `make dev` and
`make demo`), one after the other in one run, each started here from the given configuration
with the rate limits raised for the run and an SMTP sink listening (the notifications are
queued for the jobs workers, which this bench does not start: the count it prints is of what a
worker left running delivered meanwhile). Prints requests per second and latency of each, side by side; then checks,
separately, that no response was a 5xx and that all submissions are rows in PostgreSQL.

Adds one publisher and one dataset (unique names) to the configured database; it does
not reset it. Usage:
  make services && .venv/bin/python bench/feedback_load.py [--ini bench/bench.ini] [--requests 500] [--concurrency 20]
      [--servers dev,gunicorn] [--workers 4]
"""
from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import servers  # noqa: E402

LOGGING = """
[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""


class Sink:
    """An SMTP server that counts what it receives."""

    def __init__(self):
        self.received = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.received += 1
        return "250 OK"


def write_ini(base: str, port: int, smtp_port: int) -> str:
    fd, path = tempfile.mkstemp(prefix="feedback-bench-", suffix=".ini")
    with os.fdopen(fd, "w") as f:
        f.write(f"""[app:main]
use = config:{os.path.abspath(base)}
ckan.site_url = http://127.0.0.1:{port}
smtp.server = 127.0.0.1:{smtp_port}
ckanext.chervonohrad.feedback_rate_limit_per_ip = 0
ckanext.chervonohrad.feedback_rate_limit_per_email = 0
ckanext.chervonohrad.feedback_rate_limit_per_dataset = 0
ckanext.chervonohrad.captcha_provider =
{LOGGING}""")
    return path


def seed(ini: str, run: str) -> tuple[str, str]:
    """A publisher and a dataset to send feedback on; returns (dataset name, database URL)."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(ini)
    app = make_app(config)
    # Loading the configuration puts CKAN's own folder first on sys.path, where `tests` is CKAN's.
    sys.path.insert(0, ROOT)
    sys.modules.pop("tests", None)
    with app._wsgi_app.test_request_context():
        from tests.factories import PassportDataset, Publisher, free_edrpou

        org = Publisher(name=f"bench-feedback-{run}", title=f"Bench feedback {run}", edrpou=free_edrpou())
        dataset = PassportDataset(name=f"bench-feedback-{run}", owner_org=org["id"],
                                  maintainer_email="bench-maintainer@example.com")
    return dataset["name"], config["sqlalchemy.url"]


def load(base: str, dataset: str, run: str, kind: str, requests_: int, concurrency: int) -> tuple[list, float]:
    local = threading.local()

    def send(i: int) -> tuple[int, float]:
        if not hasattr(local, "session"):
            local.session = requests.Session()  # one keep-alive connection per worker
        started = time.perf_counter()
        response = local.session.post(base + "/api/3/action/chervonohrad_feedback_create", json={
            "package_id": dataset, "category": "data_error", "consent": True,
            "message": f"bench-{run}-{kind}-{i}: у рядку {i} помилка в даних.", "email": f"sender{i}@example.com"},
            timeout=60)
        return response.status_code, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(send, range(requests_)))
    return results, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ini", default=os.path.join(ROOT, "bench", "bench.ini"))
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--servers", default=",".join(servers.KINDS))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's worker processes")
    options = parser.parse_args()

    from aiosmtpd.controller import Controller

    run = uuid.uuid4().hex[:8]
    port, smtp_port = servers.free_port(), servers.free_port()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    ini = write_ini(options.ini, port, smtp_port)
    dataset, db_url = seed(ini, run)
    measured = {}
    try:
        for kind in options.servers.split(","):
            with servers.serving(kind, ini, port, options.workers) as base:
                measured[kind] = load(base, dataset, run, kind, options.requests, options.concurrency)
    finally:
        controller.stop()
        os.unlink(ini)

    from sqlalchemy import create_engine, text

    failures = []
    for kind, (results, elapsed) in measured.items():
        with create_engine(db_url).connect() as connection:
            rows = connection.execute(text("SELECT count(*) FROM chervonohrad_feedback WHERE message LIKE :m"),
                                      {"m": f"bench-{run}-{kind}-%"}).scalar()
        statuses = collections.Counter(code for code, _ in results)
        latencies = sorted(seconds for _, seconds in results)
        print(f"{servers.describe(kind, options.workers)}: {options.requests} feedback submissions over "
              f"{options.concurrency} connections in {elapsed:.1f} s: {options.requests / elapsed:.1f} requests/s; "
              f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
              f"responses {dict(sorted(statuses.items()))}; rows stored {rows}")
        server_errors = sum(n for code, n in statuses.items() if code >= 500)
        if server_errors:
            failures.append(f"{kind}: {server_errors} responses were 5xx")
        if rows != options.requests:
            failures.append(f"{kind}: {rows} rows stored for {options.requests} submissions")
    if len(measured) == 2:
        (a, (_, ta)), (b, (_, tb)) = measured.items()
        print(f"ratio {b} / {a}: {ta / tb:.2f}× the requests per second")
    print(f"emails received by the sink: {sink.received}")
    assert not failures, "; ".join(failures)
    print("OK: no 5xx, every submission stored")


if __name__ == "__main__":
    main()
