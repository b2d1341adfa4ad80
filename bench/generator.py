"""A synthetic oblast for the benchmarks: publishers and datasets written straight into
the database in bulk (package_create would take hours at these sizes), with the passport
fields the rating reads, and optionally their Solr documents through CKAN's own indexer.

The shape follows the demo: publishers of the four types, datasets tied to 835 list items
about half the time, update frequencies from the vocabulary, dates spread over two years.
Scores are left to whoever calls this (the rating bench scores every dataset with the real
engine; the rescore bench lets the command do it).
"""
from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

from sqlalchemy import insert

from ckan import model

from ckanext.chervonohrad.passport import vocabularies

TYPES = ("executive_body", "communal_enterprise", "communal_institution", "other")
FORMATS = ("CSV", "CSV", "JSON", "XLSX", "XML", "PDF")


def _now() -> dt.datetime:
    return dt.datetime(2026, 11, 27, 12, 0)


def publishers(count: int, rng: random.Random, prefix: str = "bench") -> list[dict[str, Any]]:
    rows, extras = [], []
    for i in range(count):
        org_id = str(uuid.uuid4())
        rows.append({"id": org_id, "name": f"{prefix}-org-{i}", "title": f"Розпорядник {i}", "type": "organization",
                     "is_organization": True, "state": "active", "approval_status": "approved",
                     "created": _now(), "description": "", "image_url": ""})
        for key, value in (("publisher_type", TYPES[i % len(TYPES)]), ("edrpou", "14360570"),
                           ("hromada", "UA46120130000026331")):
            extras.append({"id": str(uuid.uuid4()), "group_id": org_id, "key": key, "value": value, "state": "active"})
    model.Session.execute(insert(model.group_table), rows)
    model.Session.execute(insert(model.group_extra_table), extras)
    return rows


def dataset_dict(i: int, org: dict[str, Any], rng: random.Random, prefix: str = "bench") -> dict[str, Any]:
    """A package_show-shaped dict of varied completeness and age."""
    items = vocabularies.items("list835")
    frequencies = [f["code"] for f in vocabularies.items("update_frequencies")]
    modified = _now() - dt.timedelta(days=rng.randint(0, 720))
    package_id = str(uuid.uuid4())
    resources = [{"id": str(uuid.uuid4()), "package_id": package_id, "url": f"https://data.example/{i}/{n}",
                  "format": rng.choice(FORMATS), "resource_role": "data" if n else "structure", "state": "active",
                  "position": n, "name": f"Ресурс {n}"} for n in range(rng.randint(1, 3))]
    return {
        "id": package_id, "name": f"{prefix}-dataset-{i}", "title": f"Набір даних {i}", "type": "dataset",
        "state": "active", "private": False, "owner_org": org["id"], "organization": {"name": org["name"]},
        "notes": "Опис набору даних" if rng.random() > 0.05 else "", "license_id": "cc-by", "isopen": True,
        "maintainer": "Відповідальна особа",
        "maintainer_email": rng.choice(["data@rada.example", "broken"]),
        "metadata_created": modified.isoformat(), "metadata_modified": modified.isoformat(),
        "language": "uk", "update_frequency": rng.choice(frequencies),
        "topic": rng.choice(["transport", "finansy", ""]),
        "purpose_of_collecting_information": "Закон України «Про доступ до публічної інформації»",
        "data_current_as_of": modified.date().isoformat(), "territory": "UA46120130000026331",
        "list835_item": rng.choice(items)["id"] if rng.random() > 0.5 else "",
        "tags": [{"name": f"тег{n}"} for n in range(rng.randint(1, 4))], "resources": resources,
    }


PASSPORT_EXTRAS = ("language", "update_frequency", "topic", "purpose_of_collecting_information",
                   "data_current_as_of", "territory", "list835_item")


def datasets(count: int, orgs: list[dict[str, Any]], rng: random.Random, prefix: str = "bench",
             batch: int = 2000) -> list[dict[str, Any]]:
    """Insert `count` datasets spread over `orgs`; returns their dicts."""
    made: list[dict[str, Any]] = []
    for start in range(0, count, batch):
        chunk = [dataset_dict(i, orgs[i % len(orgs)], rng, prefix) for i in range(start, min(count, start + batch))]
        model.Session.execute(insert(model.package_table), [{
            "id": d["id"], "name": d["name"], "title": d["title"], "type": "dataset", "state": "active",
            "private": False, "owner_org": d["owner_org"], "notes": d["notes"], "license_id": d["license_id"],
            "maintainer": d["maintainer"], "maintainer_email": d["maintainer_email"],
            "metadata_created": dt.datetime.fromisoformat(d["metadata_created"]),
            "metadata_modified": dt.datetime.fromisoformat(d["metadata_modified"])} for d in chunk])
        model.Session.execute(insert(model.package_extra_table), [
            {"id": str(uuid.uuid4()), "package_id": d["id"], "key": key, "value": d[key], "state": "active"}
            for d in chunk for key in PASSPORT_EXTRAS])
        model.Session.execute(insert(model.resource_table), [
            {k: r[k] for k in ("id", "package_id", "url", "format", "state", "position", "name")}
            | {"extras": json.dumps({"resource_role": r["resource_role"]})} for d in chunk for r in d["resources"]])
        model.Session.commit()
        made += chunk
    return made
