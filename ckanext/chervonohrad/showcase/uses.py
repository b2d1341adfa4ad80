"""Which use cases name which datasets: read from the use cases' stored field (a JSON list of
ids; common/extras.py reads it on CKAN 2.11 and 2.12 alike)."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

from ckan import model

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.common.extras import package_value
from ckanext.chervonohrad.showcase import access, status

# The ids are uuids inside a JSON list: matching the quoted id is exact.
OF_DATASET_SQL = text(f"""
SELECT p.id FROM package p
WHERE p.type = '{status.TYPE}' AND p.state = 'active'
  AND {package_value('p', 'showcase_status')} = '{status.APPROVED}'
  AND {package_value('p', 'showcase_datasets')} LIKE :quoted
ORDER BY p.metadata_created DESC
""")

PER_HROMADA_SQL = text(f"""
SELECT {package_value('p', 'hromada')} AS hromada, count(*) AS showcases FROM package p
WHERE p.type = '{status.TYPE}' AND p.state = 'active'
  AND {package_value('p', 'showcase_status')} = '{status.APPROVED}'
GROUP BY 1
""")

SHOWN = ("id", "name", "title", "showcase_kind", "author", "url", "image_url")


def approved_of_dataset(package_id: str) -> list[dict[str, Any]]:
    quoted = "%" + json.dumps(package_id) + "%"
    ids = [row[0] for row in model.Session.execute(OF_DATASET_SQL, {"quoted": quoted})]
    result = []
    for package in model.Session.query(model.Package).filter(model.Package.id.in_(ids)) if ids else []:
        if package_id in access.facts(package)["datasets"]:
            stored = {"id": package.id, "name": package.name, "title": package.title, "author": package.author,
                      "url": package.url, **{k: v for k, v in extras.of(package).items() if k in SHOWN}}
            result.append(stored)
    order = {id_: n for n, id_ in enumerate(ids)}
    return sorted(result, key=lambda s: order[s["id"]])


def count_per_hromada() -> dict[str | None, int]:
    """Approved use cases per hromada code (None: not tied to a hromada)."""
    return {row.hromada: row.showcases for row in model.Session.execute(PER_HROMADA_SQL)}


def without_showcases(names: list[str]) -> list[str]:
    if not names:
        return names
    showcases = {row[0] for row in model.Session.query(model.Package.name).filter(
        model.Package.name.in_(names), model.Package.type == status.TYPE)}
    return [name for name in names if name not in showcases]
