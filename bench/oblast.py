#!/usr/bin/env python
"""A realistic Lviv oblast at scale, then its benchmarks (issue #10, "Scale").

Generates 70 hromadas, 1,000 publishers and 50,000 datasets (skewed: the Lviv city hromada
far ahead, rural hromadas with a handful of publishers; a few publishers with hundreds of
datasets, most with a few dozen), every dataset scored by the real engine with score
history, three earlier quarters of snapshots for every publisher, every hromada and the
council, and a year of feedback; indexes the datasets in Solr through CKAN's own indexer
(in parallel processes). Then prints the median and 95th-percentile latency of

  - the oblast overview            GET /hromadas
  - a hromada's rating             GET /publishers/rating?hromada=<code>  (the largest and a median one)
  - a hromada's dashboard          GET /open-data/dashboard?hromada=<code>

(target p95 under 500 ms each) and the wall time of a full rescore in which every score
changes, so every dataset is also re-indexed: one background job per slice of datasets,
drained by N `ckan jobs worker --burst` processes (target under 300 s).

Uses a database, Solr core and Redis database of its own (bench/oblast.ini: ckan_bench,
ckan_bench, 7), which it resets. Usage:
  make test-db && .venv/bin/python bench/oblast.py [--datasets 50000] [--workers 4] [--compare]
  .venv/bin/python bench/oblast.py --reuse   # benchmarks only, on the oblast generated last time
  .venv/bin/python bench/oblast.py --reuse --served --rescore none
      # through the production server (gunicorn, 1 worker and 4): the pages' p95, and 200 concurrent
      # visitors on search and dataset pages (rate, p95, errors)
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The ckan command of the virtualenv running this (make … CKAN=2.11 picks another).
CKAN_CLI = os.path.join(os.path.dirname(sys.executable), "ckan")
sys.path.insert(0, ROOT)

QUARTERS = ("2026Q3", "2026Q2", "2026Q1")  # before the generator's "today", 2026-11-27 (2026Q4)
TARGET_P95_MS = 500
TARGET_RESCORE_S = 300


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hromadas", type=int, default=70)
    parser.add_argument("--publishers", type=int, default=1000)
    parser.add_argument("--datasets", type=int, default=50000)
    parser.add_argument("--feedback", type=int, default=6000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (after 2 warm-ups)")
    parser.add_argument("--workers", type=int, default=4, help="burst workers draining the rescore jobs")
    parser.add_argument("--index-processes", type=int, default=4, help="processes indexing the generated datasets")
    parser.add_argument("--compare", action="store_true", help="also time the full rescore with 1 worker")
    parser.add_argument("--reuse", action="store_true", help="skip the generation: benchmark the last oblast")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--rescore", choices=("both", "changed", "nightly", "none"), default="both",
                        help="changed: every score stale, so every dataset is re-indexed; nightly: scores as stored")
    parser.add_argument("--served", action="store_true",
                        help="measure through gunicorn (1 and --web-workers workers) instead of in-process")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--ini", default=os.path.join(ROOT, "bench", "oblast.ini"))
    return parser.parse_args()


# --- generation --------------------------------------------------------------------------

def generate(opts: argparse.Namespace) -> list[dict[str, Any]]:
    """The oblast in the (already reset) database; returns the datasets' dicts."""
    from bench import generator
    from bench.quality_rating import score_all
    from bench.reports_pages import feedback_and_suggestions

    rng = random.Random(835)
    step = Stopwatch()
    hromadas = generator.oblast_hromadas(opts.hromadas)
    orgs = generator.publishers(opts.publishers, rng, prefix="oblast",
                                hromada=generator.publisher_hromadas(hromadas, opts.publishers, rng))
    made = generator.datasets(opts.datasets, orgs, rng, prefix="oblast",
                              owners=generator.dataset_owners(orgs, opts.datasets, rng))
    step.lap(f"{len(hromadas)} hromadas, {len(orgs)} publishers, {len(made)} datasets written")
    score_all(made)
    history = generator.score_history(made, rng)
    step.lap(f"{len(made)} scores and {history} history rows stored")
    feedback_and_suggestions(made, rng, opts.feedback, 60)
    snapshots = generator.snapshots(QUARTERS, rng)
    step.lap(f"{opts.feedback} feedback items, {snapshots} snapshots ({len(QUARTERS)} quarters × publishers, "
             "hromadas and the council)")
    return made


_TO_INDEX: list[dict[str, Any]] = []  # the datasets, inherited by the forked indexing processes


def _index_share(share: tuple[int, int]) -> int:
    from ckanext.chervonohrad.quality import rescore

    part, parts = share
    mine = _TO_INDEX[part::parts]
    for start in range(0, len(mine), rescore.SLICE):
        rescore.index_dicts([dict(dataset) for dataset in mine[start:start + rescore.SLICE]])
    return len(mine)


def index(made: list[dict[str, Any]], processes: int) -> None:
    """Index every dataset through CKAN's indexer, in forked processes sharing the list."""
    from ckan import model
    from ckan.lib import search

    global _TO_INDEX
    _TO_INDEX = made
    model.Session.remove()
    model.meta.engine.dispose()  # each child opens connections of its own
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        done = sum(pool.map(_index_share, [(part, processes) for part in range(processes)]))
    search.commit()
    assert done == len(made)


class Stopwatch:
    def __init__(self) -> None:
        self.begun = self.last = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        print(f"  {what}: {now - self.last:.1f} s", flush=True)
        self.last = now


# --- latency -----------------------------------------------------------------------------

def percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(round(0.95 * len(timings))) - 1)]


def measure(client, label: str, url: str, requests: int) -> None:
    """Print the median and p95 of `requests` GETs of `url` after 2 warm-ups (or why not)."""
    try:
        statuses = {client.get(url).status_code for _ in range(2)}
    except Exception as error:  # a page half-built by someone else must not stop the bench
        statuses = {f"{type(error).__name__}: {str(error)[:120]}"}
    if statuses != {200}:
        verdict = "404 — not built yet" if statuses == {404} else f"failed: {sorted(map(str, statuses))}"
        print(f"{label:<44} GET {url}: {verdict}", flush=True)
        return
    timings = []
    for _ in range(requests):
        begun = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - begun) * 1000)
    median, p95 = percentiles(timings)
    mark = "OK" if p95 < TARGET_P95_MS else "MISSES TARGET"
    print(f"{label:<44} GET {url}: n={requests} median {median:.0f} ms, p95 {p95:.0f} ms "
          f"(target p95 < {TARGET_P95_MS} ms: {mark})", flush=True)


def hromada_sizes() -> list[tuple[str, int, int]]:
    """(code, publishers, datasets) of every hromada, the largest first."""
    from sqlalchemy import text

    from ckan import model

    from ckanext.chervonohrad.common.extras import org_value

    hromada = org_value("g", "hromada")
    rows = model.Session.execute(text(f"""
        SELECT {hromada}, count(DISTINCT g.id), count(p.id)
        FROM "group" g
        LEFT JOIN package p ON p.owner_org = g.id AND p.state = 'active' AND p.type = 'dataset'
        WHERE g.is_organization AND g.state = 'active' AND {hromada} IS NOT NULL
        GROUP BY 1 ORDER BY count(p.id) DESC"""))
    return [tuple(row) for row in rows]


def latencies(app, requests: int) -> None:
    from werkzeug.test import Client

    from ckanext.chervonohrad.hromada import vocabulary

    with app._wsgi_app.test_request_context():
        sizes = hromada_sizes()
    largest, median = sizes[0], sizes[len(sizes) // 2]
    for code, publishers, datasets in (largest, median):
        print(f"  {vocabulary.label(code, 'en')} ({code}): {publishers} publishers, {datasets} datasets")
    client = Client(app)  # the whole middleware stack, as a browser meets it
    measure(client, "oblast overview", "/hromadas", requests)
    for size, (code, _, _) in (("largest", largest), ("median", median)):
        measure(client, f"{size} hromada's rating", f"/publishers/rating?hromada={code}", requests)
    for size, (code, _, _) in (("largest", largest), ("median", median)):
        measure(client, f"{size} hromada's dashboard", f"/open-data/dashboard?hromada={code}", requests)


def served(app, ini: str, requests: int, visitors: int, web_workers: int) -> None:
    """The same pages through gunicorn, one worker and `web_workers`; then `visitors` at once on
    search and dataset pages."""
    from sqlalchemy import text

    from ckan import model

    from bench import servers
    from bench import visitors as crowd

    with app._wsgi_app.test_request_context():
        sizes = hromada_sizes()
        names = [row[0] for row in model.Session.execute(text(
            "SELECT name FROM package WHERE state = 'active' AND NOT private ORDER BY random() LIMIT 200"))]
    largest = sizes[0][0]
    pages = {"oblast overview": "/hromadas", "largest hromada's rating": f"/publishers/rating?hromada={largest}",
             "largest hromada's dashboard": f"/open-data/dashboard?hromada={largest}"}
    searches = ["/dataset/?q=бюджет", "/dataset/?q=дороги", "/dataset/?q=освіта", "/dataset/?q=вода",
                "/dataset/?tags=фінанси", "/dataset/"]
    port = servers.free_port()
    for workers in sorted({1, web_workers}):
        with servers.serving("gunicorn", ini, port, workers) as base:
            print(f"gunicorn, {workers} worker{'s' if workers > 1 else ''}:", flush=True)
            for label, url in pages.items():
                figures = crowd.sequential(base, url, requests, workers)
                mark = "OK" if figures.p95_ms < TARGET_P95_MS else "MISSES TARGET"
                print(f"  {label:<30} GET {url}: {figures.line()} ({mark})", flush=True)
            for label, urls in (("search", searches), ("dataset pages", [f"/dataset/{n}" for n in names])):
                figures = crowd.crowd(base, urls, visitors, visitors * 5)
                print(f"  {visitors} visitors at once on {label}: {figures.line()}", flush=True)


# --- the full rescore --------------------------------------------------------------------

def full_rescore(app, ini: str, workers: int, stale: bool) -> None:
    """Every dataset scored and stored, the changed ones re-indexed; with `stale` every
    stored score is made stale first, so every dataset is re-indexed too (the worst night).
    Timed from queueing the slices until the last burst worker exits."""
    from sqlalchemy import text

    from ckan import model
    from ckan.lib import jobs

    from ckanext.chervonohrad.quality import rescore

    with app._wsgi_app.test_request_context():
        if stale:
            model.Session.execute(text("UPDATE chervonohrad_dataset_score SET score = -1"))
            model.Session.commit()
        jobs.get_queue().empty()
        begun = time.perf_counter()
        queued = rescore.enqueue_slices()
        spawned = [subprocess.Popen([CKAN_CLI, "-c", ini, "jobs", "worker", "--burst"],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for _ in range(workers)]
        for worker in spawned:
            worker.wait()
        seconds = time.perf_counter() - begun
        print(f"  the last of {workers} burst workers exited after {seconds:.1f} s", flush=True)
        counts = rescore.wait(queued)
    mark = "OK" if seconds < TARGET_RESCORE_S else "MISSES TARGET"
    case = "every score changed" if stale else "nightly"
    print(f"full rescore ({case}) with {workers} worker{'s' if workers > 1 else ''}: {seconds:.1f} s "
          f"for {counts['scored']} datasets in {len(queued)} jobs ({counts['changed']} changed and re-indexed, "
          f"{counts['failed']} jobs failed, {counts['lost']} lost) = {counts['scored'] / seconds:.0f} datasets/s "
          f"(target < {TARGET_RESCORE_S} s: {mark})", flush=True)


def main() -> None:
    opts = options()
    import logging

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from ckan.lib import search

    if not opts.reuse:
        from bench.quality_rating import reset_database

        reset_database(opts.ini)  # cleans the database and migrates it: CKAN, activity, harvest, ours
    app = make_app(load_config(opts.ini))
    logging.getLogger("ckan.lib.search").setLevel(logging.WARNING)
    if not opts.reuse:
        print(f"generating {opts.hromadas} hromadas, {opts.publishers} publishers, {opts.datasets} datasets:")
        begun = time.perf_counter()
        with app._wsgi_app.test_request_context():
            search.clear_all()
            made = generate(opts)
        indexed = time.perf_counter()
        with app._wsgi_app.test_request_context():
            index(made, opts.index_processes)
        print(f"  indexed in Solr with {opts.index_processes} processes: {time.perf_counter() - indexed:.1f} s")
        print(f"generation total: {time.perf_counter() - begun:.0f} s", flush=True)
    if opts.served:
        served(app, opts.ini, opts.requests, opts.visitors, opts.web_workers)
    elif not opts.skip_latency:
        latencies(app, opts.requests)
    for stale in {"both": (True, False), "changed": (True,), "nightly": (False,), "none": ()}[opts.rescore]:
        full_rescore(app, opts.ini, opts.workers, stale)
        if opts.compare and opts.workers != 1:
            full_rescore(app, opts.ini, 1, stale)


if __name__ == "__main__":
    main()
