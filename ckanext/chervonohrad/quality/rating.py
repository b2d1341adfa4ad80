"""The publisher rating read from the database: one aggregate query for every publisher's
figures (never a query per publisher), one for feedback response times, one for the earlier
snapshots the trend compares with, one for the assessments; quality.figures does the
arithmetic."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text

from ckan import model

from ckanext.chervonohrad.common.sql import without_jit
from ckanext.chervonohrad.feedback.responsiveness import median_first_response_hours
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.quality import figures
from ckanext.chervonohrad.quality.model import Assessment, Snapshot

# Published = active, public datasets; drafts and private ones are work in progress. The
# datasets are grouped per organization first (narrow rows), then joined to the publishers.
AGGREGATE_SQL = text("""
WITH per_org AS (
    SELECT p.owner_org, count(p.id) AS datasets, count(s.score) AS scored, coalesce(sum(s.score), 0) AS score_sum,
           count(*) FILTER (WHERE s.meets) AS meets_count, count(*) FILTER (WHERE s.on_time) AS on_time_count,
           array_remove(array_agg(DISTINCT NULLIF(s.list835_item, '')), NULL) AS items,
           array_remove(array_agg(DISTINCT CASE WHEN s.on_time THEN NULLIF(s.list835_item, '') END), NULL)
               AS items_on_time
    FROM package p
    LEFT JOIN chervonohrad_dataset_score s ON s.package_id = p.id
    WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset'
      AND (CAST(:org AS text) IS NULL OR p.owner_org = :org)
    GROUP BY p.owner_org
)
SELECT g.id, g.name, g.title, t.value AS publisher_type, h.value AS hromada,
       coalesce(d.datasets, 0) AS datasets, coalesce(d.scored, 0) AS scored, coalesce(d.score_sum, 0) AS score_sum,
       coalesce(d.meets_count, 0) AS meets_count, coalesce(d.on_time_count, 0) AS on_time_count,
       coalesce(d.items, '{}') AS items, coalesce(d.items_on_time, '{}') AS items_on_time
FROM "group" g
LEFT JOIN group_extra t ON t.group_id = g.id AND t.key = 'publisher_type' AND t.state = 'active'
LEFT JOIN group_extra h ON h.group_id = g.id AND h.key = 'hromada' AND h.state = 'active'
LEFT JOIN per_org d ON d.owner_org = g.id
WHERE g.is_organization AND g.state = 'active' AND (CAST(:org AS text) IS NULL OR g.id = :org)
""")


def _rows(org_id: str | None) -> list[dict[str, Any]]:
    without_jit()
    rows = [dict(row._mapping) for row in model.Session.execute(AGGREGATE_SQL, {"org": org_id})]
    # Feedback responsiveness: one grouped query over the feedback room's table.
    medians = median_first_response_hours([org_id] if org_id else None)
    for row in rows:
        row["median_response_hours"] = medians.get(row["id"])
    return rows


def _latest_snapshots_before(quarter: str) -> dict[str, dict[str, Any]]:
    """Each scope's most recent snapshot of a quarter before `quarter`."""
    rows = (model.Session.query(Snapshot).filter(Snapshot.quarter < quarter)
            .distinct(Snapshot.scope).order_by(Snapshot.scope, Snapshot.quarter.desc()).all())
    return {row.scope: snapshot_dict(row) for row in rows}


def _assessments(quarter: str) -> dict[str, dict[str, Any]]:
    """Each publisher's latest assessment up to `quarter`."""
    rows = (model.Session.query(Assessment).filter(Assessment.quarter <= quarter)
            .distinct(Assessment.owner_org).order_by(Assessment.owner_org, Assessment.quarter.desc()).all())
    return {row.owner_org: {"quarter": row.quarter, "points": row.points} for row in rows}


def current(org_id: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Every publisher's (or one publisher's) live figures, the council's totals, each
    one's trend since the last earlier snapshot and its latest assessment."""
    quarter = figures.quarter_of(today or dt.date.today())
    list835 = vocabularies.items("list835")
    publishers = [figures.publisher(row, list835) for row in _rows(org_id)]
    previous = _latest_snapshots_before(quarter)
    assessments = _assessments(quarter)
    for publisher in publishers:
        publisher["trend"] = figures.trend(publisher, previous.get(publisher["id"]))
        publisher["assessment"] = assessments.get(publisher["id"])
    council = figures.council(publishers)
    council["trend"] = figures.trend(council, previous.get(COUNCIL)) if org_id is None else None
    return {"quarter": quarter, "target": figures.TARGET_SHARE, "council": council, "publishers": publishers}


COUNCIL = "council"


def snapshot_dict(row: Snapshot) -> dict[str, Any]:
    return {
        "quarter": row.quarter, "scope": row.scope, "name": row.name, "title": row.title,
        "datasets": row.datasets, "avg_score": row.avg_score, "meets_share": row.meets_share,
        "on_time_share": row.on_time_share, "coverage_applicable": row.coverage_applicable,
        "coverage_published": row.coverage_published, "coverage_overdue": row.coverage_overdue,
        "median_response_hours": row.median_response_hours, "taken_at": row.taken_at.isoformat(),
    }


def _snapshot_row(quarter: str, scope: str, figures_: dict[str, Any], name: str | None, title: str | None) -> Snapshot:
    cover = figures_["coverage"]
    return Snapshot(
        quarter=quarter, scope=scope, name=name, title=title, datasets=figures_["datasets"],
        avg_score=figures_["avg_score"], meets_share=figures_["meets_share"],
        on_time_share=figures_["on_time_share"], coverage_applicable=cover["applicable"],
        coverage_published=cover["published"], coverage_overdue=cover["overdue"],
        median_response_hours=figures_["median_response_hours"], taken_at=dt.datetime.utcnow())


def take_snapshot(quarter: str, replace: bool = False) -> int:
    """Freeze today's figures under `quarter` (the caller commits). Refuses to overwrite an
    existing snapshot unless `replace`; returns the number of publishers frozen."""
    existing = model.Session.query(Snapshot).filter_by(quarter=quarter)
    if existing.count() and not replace:
        raise FileExistsError(quarter)
    existing.delete()
    rating = current()
    model.Session.add(_snapshot_row(quarter, COUNCIL, rating["council"], None, None))
    for publisher in rating["publishers"]:
        model.Session.add(_snapshot_row(quarter, publisher["id"], publisher, publisher["name"], publisher["title"]))
    model.Session.flush()  # CKAN's session does not autoflush; later queries must see these rows
    return len(rating["publishers"])


def snapshots(quarter: str | None = None, scope: str | None = None) -> list[dict[str, Any]]:
    query = model.Session.query(Snapshot)
    if quarter:
        query = query.filter_by(quarter=quarter)
    if scope:
        query = query.filter_by(scope=scope)
    return [snapshot_dict(row) for row in query.order_by(Snapshot.quarter, Snapshot.title.nullsfirst())]


DATASETS_SQL = text("""
SELECT p.id, p.name, p.title, s.score, s.band, s.meets, s.on_time, NULLIF(s.list835_item, '') AS item
FROM package p
LEFT JOIN chervonohrad_dataset_score s ON s.package_id = p.id
WHERE p.owner_org = :org AND p.state = 'active' AND NOT p.private AND p.type = 'dataset'
ORDER BY s.score NULLS FIRST, p.title
""")


def breakdown(org_id: str, today: dt.date | None = None) -> dict[str, Any]:
    """One publisher's figures with what stands behind them: each applicable 835 item with
    its status and datasets, each published dataset with its score, the snapshot history."""
    rating = current(org_id, today)
    publisher = rating["publishers"][0]
    datasets = [dict(row._mapping) for row in model.Session.execute(DATASETS_SQL, {"org": org_id})]
    by_item: dict[str, list[dict[str, Any]]] = {}
    for dataset in datasets:
        if dataset["item"]:
            by_item.setdefault(dataset["item"], []).append({"name": dataset["name"], "title": dataset["title"]})
    items = vocabularies.keyed("list835", "id")
    publisher["coverage"]["items"] = [
        {"id": key, "title": items[key]["title"], "status": status, "datasets": by_item.get(key, [])}
        for key, status in publisher["coverage"]["items"].items()]
    publisher["dataset_scores"] = datasets
    return {"quarter": rating["quarter"], "target": rating["target"], "publisher": publisher,
            "history": snapshots(scope=org_id)}
