"""The publisher rating read from the database: one query for every publisher's stored
figures (performance.summary; never a query per publisher), one for feedback response times,
one for the earlier snapshots the trend compares with, one for the assessments;
performance.figures does the arithmetic. A hromada filter narrows every one of those queries
to the hromada's publishers; a hromada's totals and trend are its own (snapshot scope "hromada:<code>")."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text

from ckan import model

from ckanext.chervonohrad.common.extras import org_value
from ckanext.chervonohrad.common.sql import without_jit
from ckanext.chervonohrad.feedback.responsiveness import median_first_response_hours
from ckanext.chervonohrad.hromada import access, vocabulary
from ckanext.chervonohrad.hromada import filters as hromada_filters
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.performance import figures, summary
from ckanext.chervonohrad.performance.model import Assessment, Snapshot

# Each publisher's figures are stored (performance.summary, one row per publisher, kept in step
# with its datasets); here they are joined to the publishers and narrowed to the ones asked
# for (:org, or the id array :orgs of a hromada's publishers — an array rather than a
# subquery, so the planner can fold the test away and use an index).
STORED_FIGURES_SQL = text(f"""
SELECT g.id, g.name, g.title, {org_value('g', 'publisher_type')} AS publisher_type, {hromada_filters.VALUE} AS hromada,
       coalesce(s.datasets, 0) AS datasets, coalesce(s.scored, 0) AS scored, coalesce(s.score_sum, 0) AS score_sum,
       coalesce(s.meets_count, 0) AS meets_count, coalesce(s.on_time_count, 0) AS on_time_count,
       coalesce(s.items, '{{}}') AS items, coalesce(s.items_on_time, '{{}}') AS items_on_time
FROM "group" g
LEFT JOIN chervonohrad_publisher_summary s ON s.owner_org = g.id
WHERE g.is_organization AND g.state = 'active' AND (CAST(:org AS text) IS NULL OR g.id = :org)
  AND {hromada_filters.of_publishers('g.id')}
""")

COUNCIL = "council"
HROMADA_SCOPE = "hromada:"


def hromada_scope(code: str) -> str:
    """The snapshot scope of a hromada's totals."""
    return HROMADA_SCOPE + code


def _rows(org_id: str | None, hromada: str | None) -> list[dict[str, Any]]:
    without_jit()
    summary.refresh_pending()  # this transaction's own dataset changes, if it made any
    params = {"org": org_id, "orgs": hromada_filters.publisher_ids(hromada)}
    rows = [dict(row._mapping) for row in model.Session.execute(STORED_FIGURES_SQL, params)]
    # Feedback responsiveness: one grouped query over the feedback room's table, narrowed to
    # the publishers listed when a filter is on (all publishers' medians otherwise).
    medians = median_first_response_hours([row["id"] for row in rows] if org_id or hromada else None)
    for row in rows:
        row["median_response_hours"] = medians.get(row["id"])
    return rows


def publisher_figures(org_id: str | None = None, hromada: str | None = None) -> list[dict[str, Any]]:
    """Each publisher's live figures (every publisher's, one publisher's or a hromada's)."""
    list835 = vocabularies.items("list835")
    applicable: dict[str | None, list[dict[str, Any]]] = {}  # per publisher type: a thousand publishers, four types
    result = []
    for row in _rows(org_id, hromada):
        kind = row.get("publisher_type")
        if kind not in applicable:
            applicable[kind] = figures.applicable_items(list835, kind)
        result.append(figures.publisher(row, list835, applicable[kind]))
    return result


def latest_snapshots_before(quarter: str, scopes: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Each scope's (of `scopes`, or every scope's) most recent snapshot of a quarter before
    `quarter`."""
    query = model.Session.query(Snapshot).filter(Snapshot.quarter < quarter)
    if scopes is not None:
        query = query.filter(Snapshot.scope.in_(scopes))
    rows = query.distinct(Snapshot.scope).order_by(Snapshot.scope, Snapshot.quarter.desc()).all()
    return {row.scope: snapshot_dict(row) for row in rows}


def _assessments(quarter: str, org_ids: list[str] | None) -> dict[str, dict[str, Any]]:
    """Each publisher's (of `org_ids`, or every publisher's) latest assessment up to `quarter`."""
    query = model.Session.query(Assessment).filter(Assessment.quarter <= quarter)
    if org_ids is not None:
        query = query.filter(Assessment.owner_org.in_(org_ids))
    rows = query.distinct(Assessment.owner_org).order_by(Assessment.owner_org, Assessment.quarter.desc()).all()
    return {row.owner_org: {"quarter": row.quarter, "points": row.points} for row in rows}


def _totals_scope(org_id: str | None, hromada: str | None) -> str | None:
    """The snapshot scope the totals' trend compares with (none for one publisher)."""
    if org_id:
        return None
    return hromada_scope(hromada) if hromada else COUNCIL


def current(org_id: str | None = None, today: dt.date | None = None, hromada: str | None = None) -> dict[str, Any]:
    """Every publisher's (or one publisher's, or a hromada's) live figures, the totals over
    them, each one's trend since the last earlier snapshot and its latest assessment."""
    quarter = figures.quarter_of(today or dt.date.today())
    publishers = publisher_figures(org_id, hromada)
    narrowed = bool(org_id or hromada)
    org_ids = [p["id"] for p in publishers] if narrowed else None
    totals_scope = _totals_scope(org_id, hromada)
    scopes = org_ids + ([totals_scope] if totals_scope else []) if narrowed else None
    previous = latest_snapshots_before(quarter, scopes)
    assessments = _assessments(quarter, org_ids)
    for publisher in publishers:
        publisher["trend"] = figures.trend(publisher, previous.get(publisher["id"]))
        publisher["assessment"] = assessments.get(publisher["id"])
    council = figures.council(publishers)
    council["trend"] = figures.trend(council, previous.get(totals_scope)) if totals_scope else None
    return {"quarter": quarter, "target": figures.TARGET_SHARE, "hromada": hromada, "council": council,
            "publishers": publishers}


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
    """Freeze today's figures under `quarter` (the caller commits): the oblast's totals, each
    hromada's that has publishers, each publisher's. Refuses to overwrite an existing
    snapshot unless `replace`; returns the number of publishers frozen."""
    existing = model.Session.query(Snapshot).filter_by(quarter=quarter)
    if existing.count() and not replace:
        raise FileExistsError(quarter)
    existing.delete()
    publishers = publisher_figures()
    model.Session.add(_snapshot_row(quarter, COUNCIL, figures.council(publishers), None, None))
    for code, members in figures.by_hromada(publishers).items():
        model.Session.add(_snapshot_row(quarter, hromada_scope(code), figures.council(members), code,
                                        vocabulary.label(code, "uk")))
    for publisher in publishers:
        model.Session.add(_snapshot_row(quarter, publisher["id"], publisher, publisher["name"], publisher["title"]))
    model.Session.flush()  # CKAN's session does not autoflush; later queries must see these rows
    return len(publishers)


def snapshots(quarter: str | None = None, scope: str | None = None, hromada: str | None = None
              ) -> list[dict[str, Any]]:
    """Frozen figures, oldest first: one scope's; or a hromada's totals and its publishers';
    or (neither given) the oblast's totals and every publisher's — hromadas' totals are
    asked for by hromada or scope, so the scorecard's two sheets stay as they were."""
    query = model.Session.query(Snapshot)
    if quarter:
        query = query.filter_by(quarter=quarter)
    if scope:
        query = query.filter_by(scope=scope)
    elif hromada:
        query = query.filter(Snapshot.scope.in_([hromada_scope(hromada)] + access.org_ids_in({hromada})))
    else:
        query = query.filter(Snapshot.scope.notlike(HROMADA_SCOPE + "%"))
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
