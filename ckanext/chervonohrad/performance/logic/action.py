"""API of the performance room: the publisher rating, the oblast overview, quarterly
snapshots and administrators' assessments. (Before 0.2 these were `chervonohrad_quality_…`;
the old names stay as aliases for one release.)"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.publishers import active_publisher
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.hromada import access as hromada_access
from ckanext.chervonohrad.performance import figures, oblast, rating
from ckanext.chervonohrad.performance.logic import schema
from ckanext.chervonohrad.performance.model import Assessment


@action(aliases=("chervonohrad_quality_publisher_rating",))
@tk.side_effect_free
@tk.validate(schema.publisher_rating)
def chervonohrad_performance_publisher_rating(context, data_dict) -> dict[str, Any]:
    """The publisher rating. Without `id`: every publisher's figures (average score, share
    meeting the recommendations, share updated on time, 835 coverage, trend since the last
    earlier snapshot, latest assessment's points) and the totals — the whole oblast's, or
    with `hromada` that hromada's publishers and totals (its trend against its own
    snapshots). With `id`: one publisher with the breakdown (each applicable 835 item, each
    dataset's score, the snapshot history).

    :param id: a publisher's id or name (optional)
    :param hromada: a KATOTTG code of a hromada of the oblast (optional; the whole oblast without it)
    :param sort: avg_score (default), meets_share, on_time_share, coverage_share, datasets,
        median_response_hours, trend, assessment or title
    :param order: desc (default; asc for title) or asc
    """
    tk.check_access("chervonohrad_performance_publisher_rating", context, data_dict)
    if data_dict.get("id"):
        return rating.breakdown(active_publisher(data_dict["id"]).id)
    result = rating.current(hromada=data_dict.get("hromada"))
    key = data_dict.get("sort") or "avg_score"
    order = data_dict.get("order") or ("asc" if key == "title" else "desc")
    result["publishers"] = figures.sort(result["publishers"], key, descending=order == "desc")
    result.update(sort=key, order=order)
    return result


@action(aliases=("chervonohrad_quality_snapshot_list",))
@tk.side_effect_free
@tk.validate(schema.snapshot_list)
def chervonohrad_performance_snapshot_list(context, data_dict) -> list[dict[str, Any]]:
    """Frozen quarterly figures, oldest first: the oblast's (scope "council") and each
    publisher's (scope = its id); with `hromada`, that hromada's totals (scope
    "hromada:<code>") and its publishers'.

    :param quarter: only this quarter, e.g. 2025Q3 (optional)
    :param id: only this publisher (id or name; optional)
    :param hromada: only this hromada, a KATOTTG code (optional)
    """
    tk.check_access("chervonohrad_performance_snapshot_list", context, data_dict)
    scope = active_publisher(data_dict["id"]).id if data_dict.get("id") else None
    return rating.snapshots(data_dict.get("quarter"), scope, data_dict.get("hromada"))


@action(aliases=("chervonohrad_quality_oblast_overview",))
@tk.side_effect_free
@tk.validate(schema.oblast_overview)
def chervonohrad_performance_oblast_overview(context, data_dict) -> dict[str, Any]:
    """The oblast overview: the oblast's totals and, for every hromada with publishers, its
    publishers, datasets, share meeting the recommendations, 835 coverage (items published
    on time of those that apply), median first response to feedback, average score and
    trend since its previous snapshot; how many hromadas have no publisher yet.

    :param sort: meets_share (default), title, raion, publishers, datasets,
        coverage_on_time_share, median_response_hours, avg_score or trend
    :param order: desc (default; asc for title and raion) or asc
    :param lang: uk (default) or en — the language of the names (and of sorting by them)
    """
    tk.check_access("chervonohrad_performance_oblast_overview", context, data_dict)
    return oblast.overview(sort_key=data_dict.get("sort") or oblast.DEFAULT_SORT, order=data_dict.get("order"),
                           lang=data_dict.get("lang") or "uk")


def _assessment_dict(row: Assessment) -> dict[str, Any]:
    org = model.Group.get(row.owner_org)
    return {
        "id": row.id, "organization": org.name if org else row.owner_org, "quarter": row.quarter,
        "points": row.points, "comment": row.comment, "author": row.author,
        "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat(),
    }


@action(aliases=("chervonohrad_quality_assessment_create",))
@tk.validate(schema.assessment_create)
def chervonohrad_performance_assessment_create(context, data_dict) -> dict[str, Any]:
    """Record an overseer's points (0–100) and comment for a publisher and a quarter (regional
    administrators; council officers for their hromada's publishers). One assessment per
    publisher and quarter: recording again corrects it.

    :param id: the publisher's id or name
    :param quarter: e.g. 2025Q3 (a quarter that has begun)
    :param points: 0–100
    :param comment: up to 4000 characters (optional)
    """
    tk.check_access("chervonohrad_performance_assessment_create", context, data_dict)
    org = active_publisher(data_dict["id"])
    row = (model.Session.query(Assessment).filter_by(owner_org=org.id, quarter=data_dict["quarter"])
           .with_for_update().one_or_none())
    now = dt.datetime.utcnow()
    if row is None:
        row = Assessment(owner_org=org.id, quarter=data_dict["quarter"], created_at=now)
        model.Session.add(row)
    row.points, row.comment = data_dict["points"], data_dict.get("comment") or ""
    row.author, row.updated_at = context["user"], now
    model.Session.commit()
    return _assessment_dict(row)


def _overseen_assessments(query, context):
    """All assessments for regional administrators (and calls that ignore auth without a
    user); for a council officer, those of their hromadas' publishers."""
    if context.get("ignore_auth") and not context.get("user"):
        return query
    overseen = hromada_access.overseen_hromadas(context.get("user"))
    if overseen is None:
        return query
    return query.filter(Assessment.owner_org.in_(hromada_access.org_ids_in(overseen) or [""]))


@action(aliases=("chervonohrad_quality_assessment_list",))
@tk.side_effect_free
@tk.validate(schema.assessment_list)
def chervonohrad_performance_assessment_list(context, data_dict) -> list[dict[str, Any]]:
    """Assessments, newest quarter first. Regional administrators see all; council officers
    those of their hromadas' publishers; a publisher's members their own (pass `id`).

    :param id: a publisher's id or name (optional for regional administrators and council officers)
    :param quarter: only this quarter (optional)
    """
    tk.check_access("chervonohrad_performance_assessment_list", context, data_dict)
    query = model.Session.query(Assessment)
    if data_dict.get("id"):
        query = query.filter_by(owner_org=active_publisher(data_dict["id"]).id)
    else:
        query = _overseen_assessments(query, context)
    if data_dict.get("quarter"):
        query = query.filter_by(quarter=data_dict["quarter"])
    return [_assessment_dict(row) for row in query.order_by(Assessment.quarter.desc(), Assessment.owner_org)]
