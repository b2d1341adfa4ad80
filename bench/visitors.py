"""Concurrent visitors against a served portal: `crowd` sends GETs of the given URLs from N
threads (each with its own keep-alive connection, the URLs taken in turn) and reports the rate,
the median and 95th-percentile latency and the errors; `sequential` times one page alone, after
warming each of the server's workers."""
from __future__ import annotations

import collections
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests


@dataclass
class Figures:
    requests: int
    seconds: float
    median_ms: float
    p95_ms: float
    errors: dict[str, int]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) or "0 errors"
        return (f"{self.rate:.1f} requests/s, median {self.median_ms:.0f} ms, p95 {self.p95_ms:.0f} ms "
                f"(n={self.requests}; {errors})")


def _figures(results: list[tuple[str, float]], seconds: float) -> Figures:
    latencies = sorted(t for _, t in results)
    errors = collections.Counter(outcome for outcome, _ in results if outcome != "ok")
    return Figures(len(results), seconds, statistics.median(latencies) * 1000,
                   latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, dict(errors))


def _get(session: requests.Session, url: str) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        response = session.get(url, timeout=120)
        outcome = "ok" if response.status_code == 200 else f"HTTP {response.status_code}"
    except requests.RequestException as error:
        outcome = type(error).__name__
    return outcome, time.perf_counter() - started


def crowd(base: str, paths: list[str], visitors: int, total: int) -> Figures:
    local = threading.local()

    def visit(i: int) -> tuple[str, float]:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return _get(local.session, base + paths[i % len(paths)])

    for path in paths:  # warm-up: templates compiled, caches filled, in at least one worker
        _get(requests.Session(), base + path)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=visitors) as pool:
        results = list(pool.map(visit, range(total)))
    return _figures(results, time.perf_counter() - started)


def warm(url: str, workers: int, rounds: int = 2) -> None:
    """`workers` requests at once, `rounds` times: a worker busy with one request leaves the next
    to another, so each of a server's workers compiles its templates and fills its caches
    (one after another, an idle worker that has just answered tends to take the next one too)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in range(rounds):
            list(pool.map(lambda _: _get(requests.Session(), url), range(workers)))


def sequential(base: str, path: str, count: int, workers: int = 1) -> Figures:
    """`count` GETs of one page one after another, after warming the server's `workers`."""
    warm(base + path, workers)
    session = requests.Session()
    started = time.perf_counter()
    results = [_get(session, base + path) for _ in range(count)]
    return _figures(results, time.perf_counter() - started)
