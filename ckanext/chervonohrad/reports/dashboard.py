"""The council's open-data dashboard (action plan item 8.1): the figures behind each chart.

Reads what the other rooms store — the rating's aggregate (performance.rating), the audit
(reports.audit), the feedback and suggestion tables — plus three grouped queries of its
own (datasets published per month, the longest-overdue datasets, feedback per month).
A hromada filter goes into every statement (the hromada's publishers only), so one
hromada's dashboard reads about as much as that hromada holds. Suggestions are not tied to
a publisher and stay oblast-wide. The shaping is pure and lives in the functions below the
queries' callers.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text

from ckan import model

from ckanext.chervonohrad.common.extras import package_value
from ckanext.chervonohrad.common.sql import without_jit
from ckanext.chervonohrad.hromada.filters import of_publishers, publisher_ids
from ckanext.chervonohrad.news import measure as news_measure
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.performance import figures, rating
from ckanext.chervonohrad.reminders import quarterly
from ckanext.chervonohrad.reports import audit
from ckanext.chervonohrad.showcase import uses as showcase_uses

MONTHS = 24
FEEDBACK_MONTHS = 12
TOP = 10

# Months in Kyiv time: the dates are stored in UTC.
PUBLISHED_SQL = text(f"""
SELECT to_char(date_trunc('month', timezone('Europe/Kyiv', timezone('UTC', p.metadata_created))), 'YYYY-MM') AS month,
       count(*) AS datasets
FROM package p
JOIN "group" g ON g.id = p.owner_org AND g.state = 'active'
WHERE p.type = 'dataset' AND p.state = 'active' AND NOT p.private
  AND {of_publishers('p.owner_org')}
GROUP BY 1
""")

OVERDUE_SQL = text(f"""
SELECT p.name, p.title, g.name AS publisher, g.title AS publisher_title, p.metadata_modified,
       {package_value('p', 'update_frequency')} AS frequency
FROM package p
JOIN chervonohrad_dataset_score s ON s.package_id = p.id
JOIN "group" g ON g.id = p.owner_org AND g.state = 'active'
WHERE p.type = 'dataset' AND p.state = 'active' AND NOT p.private AND NOT s.on_time
  AND {of_publishers('p.owner_org')} AND {of_publishers('s.owner_org')}
ORDER BY p.metadata_modified, p.name
LIMIT :limit
""")

# Feedback per month and over the whole window (the grouping set ()); spam and other
# rejected items left out, as the rating's response times do.
FEEDBACK_SQL = text(f"""
SELECT to_char(date_trunc('month', timezone('Europe/Kyiv', timezone('UTC', f.created))), 'YYYY-MM') AS month,
       count(*) AS received, count(f.first_response_at) AS answered,
       count(*) FILTER (WHERE f.status IN ('new', 'in_progress')) AS open,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_response_at - f.created) / 3600.0)
           FILTER (WHERE f.first_response_at IS NOT NULL) AS median_hours
FROM chervonohrad_feedback f
JOIN package p ON p.id = f.package_id
WHERE f.status <> 'rejected' AND f.created >= :since
  AND {of_publishers('p.owner_org')}
GROUP BY GROUPING SETS ((1), ())
""")

SUGGESTIONS_SQL = text("""
SELECT s.id, s.title, s.status, s.list835_item, p.name AS dataset, count(v.user_id) AS votes
FROM chervonohrad_suggestion s
LEFT JOIN chervonohrad_suggestion_vote v ON v.suggestion_id = s.id
LEFT JOIN package p ON p.id = s.package_id AND p.state = 'active' AND NOT p.private  -- a private one is not named
WHERE s.status <> 'declined'
GROUP BY s.id, s.title, s.status, s.list835_item, p.name, s.created
ORDER BY votes DESC, s.created
LIMIT :limit
""")


# ---- pure ------------------------------------------------------------------------------

def month_keys(today: dt.date, count: int) -> list[str]:
    """The last `count` months up to `today`'s, oldest first, as YYYY-MM."""
    year, month = today.year, today.month
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


def timeline(per_month: dict[str, int], today: dt.date, months: int = MONTHS) -> list[dict[str, Any]]:
    """Datasets published each month of the window and the running total (datasets of
    earlier months count in the first total)."""
    keys = month_keys(today, months)
    total = sum(n for key, n in per_month.items() if key < keys[0])
    result = []
    for key in keys:
        total += per_month.get(key, 0)
        result.append({"month": key, "new": per_month.get(key, 0), "total": total})
    return result


def feedback_months(rows: list[dict[str, Any]], today: dt.date, months: int = FEEDBACK_MONTHS
                    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per month of the window (received, answered, median hours to the first response) and
    the window's totals."""
    by_month = {r["month"]: r for r in rows if r["month"]}
    whole = next((r for r in rows if not r["month"]), None) or {}

    def shaped(r: dict[str, Any]) -> dict[str, Any]:
        hours = r.get("median_hours")
        return {"received": r.get("received") or 0, "answered": r.get("answered") or 0, "open": r.get("open") or 0,
                "median_hours": round(float(hours), 1) if hours is not None else None}

    return ([dict(shaped(by_month.get(key, {})), month=key) for key in month_keys(today, months)], shaped(whole))


def section_coverage(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The audit's tally per item summed per section of the list."""
    result = []
    for section in vocabularies.items("list835_sections"):
        rows = [i for i in items if i["section"] == section["code"]]
        if rows:
            counts = {state: sum(r[state] for r in rows) for state in audit.STATUSES}
            result.append({"section": section["code"], "label": section["label"], **counts,
                           "applicable": sum(counts.values())})
    return result


def quality_by_publisher(publishers: list[dict[str, Any]], top: int = TOP) -> dict[str, Any]:
    """Publishers with published datasets by average score: all of them when few, else the
    `top` best and the `top` weakest."""
    keys = ("id", "name", "title", "datasets", "avg_score", "meets_share", "on_time_share", "coverage_share")
    ranked = [{k: p.get(k) for k in keys} for p in
              figures.sort([p for p in publishers if p.get("avg_score") is not None], "avg_score")]
    if len(ranked) <= 2 * top:
        return {"best": ranked, "weakest": [], "total": len(ranked)}
    return {"best": ranked[:top], "weakest": ranked[-top:], "total": len(ranked)}


def use_cases(per_hromada: dict[str | None, int], hromada: str | None = None) -> dict[str, Any]:
    """Approved use cases per hromada code (None: not tied to one), most first, and the
    oblast's total; with a hromada chosen, that hromada's count."""
    rows = sorted(({"hromada": code, "count": count} for code, count in per_hromada.items()),
                  key=lambda r: (-r["count"], r["hromada"] or ""))
    return {"per_hromada": rows, "total": sum(per_hromada.values()),
            "of_hromada": per_hromada.get(hromada, 0) if hromada else None}


# ---- the database ----------------------------------------------------------------------

def dashboard(hromada: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    without_jit()
    params = {"orgs": publisher_ids(hromada)}
    live = rating.current(today=today, hromada=hromada)
    publishers, council = live["publishers"], live["council"]
    per_month = {r.month: r.datasets for r in model.Session.execute(PUBLISHED_SQL, params)}
    audited = audit.audit(hromada=hromada, today=today, detail=False)
    since = dt.datetime.combine(dt.date.fromisoformat(month_keys(today, FEEDBACK_MONTHS)[0] + "-01"), dt.time())
    feedback_rows = [dict(r._mapping) for r in model.Session.execute(FEEDBACK_SQL, dict(params, since=since))]
    months, feedback_totals = feedback_months(feedback_rows, today)
    overdue = [dict(r._mapping) for r in model.Session.execute(OVERDUE_SQL, dict(params, limit=TOP))]
    for row in overdue:  # stored in UTC without a zone
        row["metadata_modified"] = row["metadata_modified"].replace(tzinfo=dt.UTC).isoformat()
    overdue_by_publisher = sorted(
        ({"name": p["name"], "title": p["title"], "overdue": p["scored"] - p["on_time_count"],
          "datasets": p["datasets"]}
         for p in publishers if p["scored"] - p["on_time_count"] > 0),
        key=lambda p: (-p["overdue"], p["title"].casefold()))
    suggestions = [dict(r._mapping) for r in model.Session.execute(SUGGESTIONS_SQL, {"limit": TOP})]
    history = rating.snapshots(scope=rating.hromada_scope(hromada) if hromada else rating.COUNCIL)
    return {
        "as_of": today.isoformat(), "hromada": hromada, "target": figures.TARGET_SHARE, "council": council,
        "published": timeline(per_month, today),
        "compliance_history": [{"quarter": s["quarter"], "avg_score": s["avg_score"], "meets_share": s["meets_share"]}
                               for s in history],
        "coverage": {"totals": audited["totals"], "sections": section_coverage(audited["items"])},
        "overdue": {"count": sum(p["overdue"] for p in overdue_by_publisher), "oldest": overdue,
                    "by_publisher": overdue_by_publisher[:TOP]},
        "feedback": {"months": months, "totals": feedback_totals},
        "suggestions": suggestions,
        "quality": quality_by_publisher(publishers),
        # Action plan item 6.4: news items per quarter against «at least one» (the last four).
        "news": news_measure.quarterly(hromada, today),
        # Action plan item 5.4: the quarter that ended — its snapshot taken, its scorecard sent.
        "cycle": quarterly.status(figures.previous_quarter(today)),
        # Action plan item 9.2: approved use cases of the data, per hromada.
        "use_cases": use_cases(showcase_uses.count_per_hromada(), hromada),
    }
