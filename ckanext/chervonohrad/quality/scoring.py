"""Scores kept in step with the datasets: the pure engine applied to `package_show`
output and the dataset's stored link checks, stored with history (a history row only when
the score or band changes)."""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.quality import engine
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck, ScoreHistory
from ckanext.chervonohrad.structure import checks as structure_checks


def link_dict(row: LinkCheck) -> dict[str, Any]:
    """One stored link check as the engine takes it."""
    return {"ok": row.ok, "reason": row.reason, "detail": row.detail, "url": row.url,
            "status_code": row.status_code, "content_type": row.content_type,
            "checked_at": row.checked_at.isoformat() if row.checked_at else None}


def stored_links(package_id: str | None) -> dict[str, dict[str, Any]]:
    """The last link check of each resource of a dataset, by resource id (one query)."""
    if not package_id:
        return {}
    return {row.resource_id: link_dict(row)
            for row in model.Session.query(LinkCheck).filter(LinkCheck.package_id == package_id)}


def evaluate(pkg_dict: dict[str, Any], today: dt.date | None = None,
             links: engine.Links | None = None, reports: engine.Reports | None = None) -> engine.Result:
    """The engine's result; `links` and structure `reports` (by resource id) are read from
    the database unless given."""
    if links is None:
        links = stored_links(pkg_dict.get("id"))
    if reports is None:
        reports = structure_checks.stored_reports(pkg_dict.get("id"))
    return engine.score(pkg_dict, today or dt.date.today(), links, reports)


def store(pkg_dict: dict[str, Any], today: dt.date | None = None, links: engine.Links | None = None,
          reports: engine.Reports | None = None) -> DatasetScore:
    """Compute and save the score of one dataset (the caller commits). Pass `links` and
    `reports` when they are at hand already (a bulk rescore reads them all at once); else a
    query each."""
    result = evaluate(pkg_dict, today, links, reports)
    row = model.Session.get(DatasetScore, pkg_dict["id"])
    changed = row is None or row.score != result.score or row.band != result.band
    if row is None:
        row = DatasetScore(package_id=pkg_dict["id"])
        model.Session.add(row)
    row.owner_org = pkg_dict.get("owner_org")
    row.score, row.band = result.score, result.band
    row.meets = result.meets(config.quality_threshold())
    row.on_time = any(i.key == "timeliness" and i.passed for i in result.indicators)
    row.list835_item = pkg_dict.get("list835_item") or None
    data = result.as_dict()
    row.failed, row.indicators = data["failed"], data["indicators"]
    row.computed_at = dt.datetime.utcnow()
    if changed:
        model.Session.add(ScoreHistory(package_id=row.package_id, score=row.score, band=row.band,
                                       computed_at=row.computed_at))
    return row


def forget(package_id: str) -> None:
    """A purged or deleted dataset keeps its history but has no current score, nor link checks
    and structure reports."""
    row = model.Session.get(DatasetScore, package_id)
    if row is not None:
        model.Session.delete(row)
    structure_checks.forget(package_id)
    model.Session.query(LinkCheck).filter(LinkCheck.package_id == package_id).delete(synchronize_session=False)


# Scores a bulk re-index holds already (dataset id → (score, band)), set only inside
# `known_scores`: the index hook uses them rather than scoring each dataset again.
_known_scores: dict[str, tuple[int, str]] = {}


@contextlib.contextmanager
def known_scores(scores: dict[str, tuple[int, str]]) -> Iterator[None]:
    _known_scores.update(scores)
    try:
        yield
    finally:
        _known_scores.clear()


def indexed_score(package_id: str, validated: dict[str, Any]) -> tuple[int, str]:
    """The score and band the search index holds for a dataset (for the band facet and
    sorting by score): a bulk re-index's known score, else the dataset's evaluated now."""
    known = _known_scores.get(package_id)
    if known is None:
        result = evaluate(validated)
        known = (result.score, result.band)
    return known

