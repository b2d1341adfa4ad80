"""How fast publishers respond to feedback, for the publisher rating.

A response is the first answer, resolution or rejection of an item (`first_response_at`,
stamped once). Rejected items (spam, abuse, duplicates) are left out. An item still
waiting counts with its age so far, so a publisher who never answers does not look fast.
"""
from __future__ import annotations

from sqlalchemy import Float, cast, func

from ckan import model

from ckanext.chervonohrad.feedback.model import REJECTED, Feedback


def median_first_response_hours(org_ids: list[str] | None = None) -> dict[str, float]:
    """{organization id: median hours from feedback to first response}, one grouped query,
    for the given organizations (all that have feedback when None). Organizations without
    feedback are absent."""
    now_utc = func.timezone("utc", func.now())
    hours = func.extract("epoch", func.coalesce(Feedback.first_response_at, now_utc) - Feedback.created) / 3600.0
    median = func.percentile_cont(0.5).within_group(cast(hours, Float))
    query = (model.Session.query(model.Package.owner_org, median)
             .join(model.Package, model.Package.id == Feedback.package_id)
             .filter(Feedback.status != REJECTED, model.Package.owner_org.isnot(None))
             .group_by(model.Package.owner_org))
    if org_ids is not None:
        if not org_ids:
            return {}
        query = query.filter(model.Package.owner_org.in_(org_ids))
    return {org_id: round(float(value), 2) for org_id, value in query.all()}
