#!/usr/bin/env python
"""`ckan chervonohrad quality rescore` at scale: 10,000 datasets in the test database and
the test Solr core (written in bulk and indexed through CKAN's own indexer; not timed),
then the full rescore, timed twice: the first run stores every score (all changed), the
second is the nightly case (scores already stored). Target: under 60 s. Re-indexing of
changed datasets is queued as background jobs; with --workers N the bench also times N
burst workers draining that queue.

Resets the test database and Solr core (like the other benches). Usage:
  make services test-db && .venv/bin/python bench/quality_rescore.py [--datasets 10000] [--workers 4]
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The ckan command of the virtualenv running this (make … CKAN=2.11 picks another).
CKAN_CLI = os.path.join(os.path.dirname(sys.executable), "ckan")
sys.path.insert(0, ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--publishers", type=int, default=100)
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--ini", default=os.path.join(ROOT, "bench", "bench.ini"))
    options = parser.parse_args()

    from bench.quality_rating import reset_database

    reset_database(options.ini)
    import logging

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from ckan.lib import jobs, search

    from bench import generator
    from ckanext.chervonohrad.quality import rescore

    app = make_app(load_config(options.ini))
    logging.getLogger("ckan.lib.search").setLevel(logging.WARNING)
    with app._wsgi_app.test_request_context():
        search.clear_all()
        jobs.get_queue().empty()
        started = time.perf_counter()
        rng = random.Random(835)
        orgs = generator.publishers(options.publishers, rng)
        made = generator.datasets(options.datasets, orgs, rng)
        indexer = search.PackageSearchIndex()
        for dataset in made:
            indexer.index_package(dict(dataset), defer_commit=True)
        search.commit()
        print(f"generated and indexed {len(made)} datasets in {time.perf_counter() - started:.0f} s", flush=True)

        for label in ("first rescore (every score new)", "nightly rescore (scores stored)"):
            begun = time.perf_counter()
            counts = rescore.rescore()
            seconds = time.perf_counter() - begun
            print(f"{label}: {counts['scored']} datasets in {seconds:.1f} s = {counts['scored'] / seconds:.0f} "
                  f"datasets/s, {counts['changed']} changed (target: under 60 s)", flush=True)
        queued = jobs.get_queue().count
    if options.workers:
        begun = time.perf_counter()
        workers = [subprocess.Popen([CKAN_CLI, "-c", options.ini, "jobs", "worker",
                                     "--burst"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for _ in range(options.workers)]
        for worker in workers:
            worker.wait()
        print(f"re-indexing {queued} queued chunks with {options.workers} burst workers: "
              f"{time.perf_counter() - begun:.1f} s")


if __name__ == "__main__":
    main()
