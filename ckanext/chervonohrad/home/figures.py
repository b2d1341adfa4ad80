"""The home page's figures, read from what the other rooms store: the rating's live figures
(performance.rating: one stored row per publisher, so the page stays cheap) and the feedback
table. The shaping is pure (`key_figures`, `best_publishers`)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import text

from ckan import model

from ckanext.chervonohrad.performance import figures, rating

BEST = 5

# Feedback counted as the rating counts it: spam and other rejected items left out.
FEEDBACK_SQL = text("""
SELECT count(*) AS received, count(f.first_response_at) AS answered
FROM chervonohrad_feedback f
JOIN package p ON p.id = f.package_id AND p.state = 'active'
WHERE f.status <> 'rejected'
""")


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def key_figures(council: dict[str, Any], publishers: list[dict[str, Any]], feedback: dict[str, int]) -> dict[str, Any]:
    """The oblast's figures for the home page: datasets, publishers, hromadas with a
    publisher, the share meeting the recommendations against the target, the 835 coverage and
    the share of feedback answered. Pure."""
    return {
        "datasets": council["datasets"], "publishers": council["publishers"],
        "hromadas": len({p["hromada"] for p in publishers if p.get("hromada")}),
        "meets_share": council["meets_share"], "target": figures.TARGET_SHARE,
        "coverage_share": council["coverage_share"],
        "feedback_received": feedback["received"], "feedback_answered": feedback["answered"],
        "feedback_answered_share": _share(feedback["answered"], feedback["received"]),
    }


def best_publishers(publishers: list[dict[str, Any]], count: int = BEST) -> list[dict[str, Any]]:
    """The publishers with the best average score (of those with scored datasets). Pure."""
    ranked = figures.sort([p for p in publishers if p.get("avg_score") is not None], "avg_score")
    return [{key: p[key] for key in ("name", "title", "avg_score", "meets_share", "datasets")} for p in ranked[:count]]


def overview() -> dict[str, Any]:
    live = rating.current()
    feedback = dict(model.Session.execute(FEEDBACK_SQL).one()._mapping)
    return {"figures": key_figures(live["council"], live["publishers"], feedback),
            "best": best_publishers(live["publishers"]), "quarter": live["quarter"]}
