#!/usr/bin/env python
"""The pure quality engine's speed: datasets scored per second on one core, over 10,000
synthetic datasets of varied completeness (target: at least 2,000 per second).

Usage: .venv/bin/python bench/quality_engine.py [--datasets 10000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.quality import engine


def synthetic(count: int, seed: int = 835) -> list[dict]:
    rng = random.Random(seed)
    frequencies = [f["code"] for f in vocabularies.items("update_frequencies")] + ["weekly", ""]
    formats = ["CSV", "JSON", "XLSX", "PDF", "XML", "ZZZ", ""]
    out = []
    for i in range(count):
        modified = dt.datetime(2026, 11, 27) - dt.timedelta(days=rng.randint(0, 800))
        resources = [{"url": f"https://x.example/{i}/{n}", "format": rng.choice(formats),
                      "resource_role": rng.choice(["data", "data", "structure", "documentation"])}
                     for n in range(rng.randint(0, 4))]
        out.append({
            "title": f"Набір {i}", "notes": "Опис" if rng.random() > 0.1 else "",
            "language": rng.choice(["uk", "en", ""]),
            "update_frequency": rng.choice(frequencies), "maintainer": "Особа" if rng.random() > 0.2 else "",
            "maintainer_email": rng.choice(["a@b.example", "broken", ""]), "license_id": "cc-by",
            "isopen": rng.random() > 0.1, "owner_org": "org", "topic": rng.choice(["transport", "finansy", ""]),
            "purpose_of_collecting_information": "Закон" if rng.random() > 0.3 else "",
            "data_current_as_of": rng.choice(["2026-10-01", "01.10.2026", ""]),
            "metadata_modified": modified.isoformat(), "territory": "UA46120130000026331",
            "tags": [{"name": f"t{n}"} for n in range(rng.randint(0, 5))], "resources": resources,
        })
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=10000)
    count = parser.parse_args().datasets
    datasets = synthetic(count)
    today = dt.date(2026, 11, 27)
    engine.score(datasets[0], today)  # load the vocabularies once, as a running portal has
    started = time.perf_counter()
    scores = [engine.score(d, today).score for d in datasets]
    elapsed = time.perf_counter() - started
    print(f"{count} datasets in {elapsed:.2f} s: {count / elapsed:,.0f} datasets/s on one core (target >= 2,000/s)")
    print(f"mean score {sum(scores) / len(scores):.1f}, min {min(scores)}, max {max(scores)}")


if __name__ == "__main__":
    main()
