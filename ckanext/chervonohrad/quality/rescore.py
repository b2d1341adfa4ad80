"""The nightly full rescore: every dataset scored again as of today (dates move on even
when datasets do not).

Fast at scale because nothing is fetched per dataset: the dataset dicts come from the
search index in pages (each Solr document keeps the validated `package_show` dict it was
built from), link checks and current scores are read in one query each, and scores are
committed per page. Datasets the index lacks are read with package_show. Only datasets
whose score or band changed are re-indexed, by background jobs in chunks, so several
workers can share the work.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search

from ckanext.chervonohrad.quality import scoring
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck

REINDEX_CHUNK = 200


def _context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def dataset_ids() -> set[str]:
    return {row[0] for row in model.Session.query(model.Package.id).filter(
        model.Package.type == "dataset", model.Package.state.in_(["active", "draft"]))}


def _indexed(page_size: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of validated dataset dicts, as the search index holds them."""
    start = 0
    while True:
        found = tk.get_action("package_search")(_context(), {
            "q": "*:*", "fq": "+dataset_type:dataset", "fl": "id,validated_data_dict", "sort": "id asc",
            "rows": page_size, "start": start, "include_private": True, "include_drafts": True})
        page = [json.loads(doc["validated_data_dict"]) for doc in found["results"] if doc.get("validated_data_dict")]
        if not found["results"]:
            return
        yield page
        start += page_size


def _link_checks() -> dict[str, dict[str, dict[str, Any]]]:
    by_package: dict[str, dict[str, dict[str, Any]]] = {}
    for row in model.Session.query(LinkCheck):
        by_package.setdefault(row.package_id, {})[row.resource_id] = scoring.link_dict(row)
    return by_package


def reindex(package_ids: list[str]) -> int:
    """Background job: bring the index's score and band in line with the stored ones."""
    # One Solr commit for the chunk (rebuild of a single id commits twice per dataset).
    search.rebuild(package_ids=package_ids, defer_commit=True, quiet=True)
    search.commit()
    return len(package_ids)


def rescore(today: dt.date | None = None, page_size: int = 500, on_progress: Callable[[int], None] = lambda n: None,
            queue_reindex: bool = True) -> dict[str, int]:
    """Score every active and draft dataset; returns how many were scored and changed."""
    today = today or dt.date.today()
    wanted = dataset_ids()
    links = _link_checks()
    current = {row.package_id: (row.score, row.band)
               for row in model.Session.query(DatasetScore.package_id, DatasetScore.score, DatasetScore.band)}
    changed: list[str] = []
    seen: set[str] = set()

    def score(pkg: dict[str, Any]) -> None:
        row = scoring.store(pkg, today, links=links.get(pkg["id"], {}))
        seen.add(pkg["id"])
        if current.get(pkg["id"]) != (row.score, row.band):
            changed.append(pkg["id"])

    for page in _indexed(page_size):
        fresh = [pkg for pkg in page if pkg.get("id") in wanted and pkg["id"] not in seen]
        # One query loads the page's rows into the session, so store() finds each without one.
        model.Session.query(DatasetScore).filter(DatasetScore.package_id.in_([p["id"] for p in fresh])).all()
        for pkg in fresh:
            score(pkg)
        model.Session.commit()
        on_progress(len(fresh))
    unindexed = wanted - seen
    for package_id in unindexed:  # not in the index (yet): the database is the truth
        score(tk.get_action("package_show")(_context(), {"id": package_id}))
        model.Session.commit()
        on_progress(1)
    if queue_reindex:
        for start in range(0, len(changed), REINDEX_CHUNK):
            chunk = changed[start:start + REINDEX_CHUNK]
            tk.enqueue_job(reindex, [chunk], title=f"chervonohrad reindex {len(chunk)} rescored datasets")
    return {"scored": len(seen), "changed": len(changed), "unindexed": len(unindexed)}
