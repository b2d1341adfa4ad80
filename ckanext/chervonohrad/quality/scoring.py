"""Scores kept in step with the datasets: the pure engine applied to `package_show`
output, stored with history (a history row only when the score or band changes)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.quality import engine
from ckanext.chervonohrad.quality.model import DatasetScore, ScoreHistory


def evaluate(pkg_dict: dict[str, Any], today: dt.date | None = None) -> engine.Result:
    return engine.score(pkg_dict, today or dt.date.today())


def store(pkg_dict: dict[str, Any], today: dt.date | None = None) -> DatasetScore:
    """Compute and save the score of one dataset (the caller commits)."""
    result = evaluate(pkg_dict, today)
    row = model.Session.get(DatasetScore, pkg_dict["id"])
    changed = row is None or row.score != result.score or row.band != result.band
    if row is None:
        row = DatasetScore(package_id=pkg_dict["id"])
        model.Session.add(row)
    row.owner_org = pkg_dict.get("owner_org")
    row.score, row.band = result.score, result.band
    row.meets = result.meets(config.quality_threshold())
    data = result.as_dict()
    row.failed, row.indicators = data["failed"], data["indicators"]
    row.computed_at = dt.datetime.utcnow()
    if changed:
        model.Session.add(ScoreHistory(package_id=row.package_id, score=row.score, band=row.band,
                                       computed_at=row.computed_at))
    return row


def forget(package_id: str) -> None:
    """A purged or deleted dataset keeps its history but has no current score."""
    row = model.Session.get(DatasetScore, package_id)
    if row is not None:
        model.Session.delete(row)


def index_fields(pkg_dict: dict[str, Any], validated: dict[str, Any]) -> dict[str, Any]:
    """Score and band in the Solr document, for the band facet and sorting by score."""
    result = evaluate(validated)
    pkg_dict["quality_score"] = result.score
    pkg_dict["quality_band"] = result.band
    return pkg_dict
