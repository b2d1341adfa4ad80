#!/usr/bin/env python
"""Search quality of the portal's Ukrainian Solr schema against CKAN's stock schema, on the
same generated catalogue, in the same run: recall@10 and MRR over the judged queries of
queries.yaml. Targets: recall@10 at least 0.9, and at least 1.5x the stock schema's.

Usage: make services && .venv/bin/python bench/search/run.py   (resets the test database)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")
SIDES = {"ukrainian": os.path.join(ROOT, "test.ini"), "stock": os.path.join(ROOT, "bench", "stock-search.ini")}
PASSPORT = {
    "language": "uk", "license_id": "cc-by", "maintainer": "Відповідальна особа розпорядника",
    "maintainer_email": "opendata@hromada.example",
    "purpose_of_collecting_information": "Постанова КМУ № 835 від 21.10.2015; інформування мешканців громади.",
}


def in_ckan(ini: str):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    return make_app(load_config(ini))._wsgi_app.test_request_context()


def load(ini: str) -> None:
    sys.path.insert(0, HERE)
    import catalogue

    with in_ckan(ini):
        from ckan.tests.helpers import call_action

        user = call_action("get_site_user", context={"ignore_auth": True})["name"]
        orgs = {}
        for slug, _hromada, council, katottg in catalogue.HROMADAS:
            orgs[slug] = call_action("organization_create", context={"user": user}, name=f"{slug}-rada",
                                     title=f"Виконавчий комітет {council}", edrpou="14360570",
                                     publisher_type="executive_body", hromada=katottg)["id"]
        for dataset in catalogue.datasets():
            owner = orgs[dataset["name"].split("-", 1)[0]]
            call_action("package_create", context={"user": user}, owner_org=owner, **PASSPORT, **dataset)


def evaluate(ini: str) -> None:
    with open(os.path.join(HERE, "queries.yaml"), encoding="utf-8") as f:
        queries = yaml.safe_load(f)["queries"]
    with in_ckan(ini):
        from ckan.tests.helpers import call_action

        results = []
        for query in queries:
            found = call_action("package_search", q=query["q"], rows=10, fl="name,list835_item")["results"]
            relevant = {f"{slug}-{item}" for item in query["relevant"] for slug in ("sheptytskyi", "sokal")}
            names = [d["name"] for d in found]
            first = next((rank for rank, name in enumerate(names, 1) if name in relevant), None)
            results.append({"q": query["q"], "recall": len(relevant & set(names)) / len(relevant),
                            "rr": 1 / first if first else 0.0})
    print(json.dumps(results, ensure_ascii=False))


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def main() -> None:
    if len(sys.argv) == 3:
        return {"--load": load, "--evaluate": evaluate}[sys.argv[1]](sys.argv[2])
    run(CKAN, "-c", SIDES["ukrainian"], "db", "clean", "--yes")
    run(CKAN, "-c", SIDES["ukrainian"], "db", "upgrade")
    for ini in SIDES.values():
        run(CKAN, "-c", ini, "search-index", "clear")
    run(sys.executable, __file__, "--load", SIDES["ukrainian"])          # indexes into ckan_test
    run(CKAN, "-c", SIDES["stock"], "search-index", "rebuild")          # the same datasets into ckan_stock
    scores = {side: json.loads(run(sys.executable, __file__, "--evaluate", ini).strip().splitlines()[-1])
              for side, ini in SIDES.items()}
    print(f"{'query':40s} {'stock R@10':>10s} {'ukr R@10':>9s}")
    for stock, ours in zip(scores["stock"], scores["ukrainian"], strict=True):
        print(f"{stock['q'][:40]:40s} {stock['recall']:10.2f} {ours['recall']:9.2f}")
    summary = {side: (sum(r["recall"] for r in rows) / len(rows), sum(r["rr"] for r in rows) / len(rows))
               for side, rows in scores.items()}
    print(f"\n{len(scores['stock'])} queries, catalogue of {164} datasets")
    for side in ("stock", "ukrainian"):
        print(f"{side:10s} recall@10 {summary[side][0]:.3f}   MRR {summary[side][1]:.3f}")
    ratio = summary["ukrainian"][0] / summary["stock"][0] if summary["stock"][0] else float("inf")
    print(f"recall@10 ratio ukrainian/stock: {ratio:.2f}  (targets: recall@10 >= 0.9, ratio >= 1.5)")


if __name__ == "__main__":
    main()
