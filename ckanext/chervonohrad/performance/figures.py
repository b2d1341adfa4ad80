"""The publisher rating's arithmetic (pure: no CKAN imports, so it is fast and easy to test).

The database hands over one row of raw aggregates per publisher; these functions turn them
into the figures the rating, the snapshots and the scorecard show: shares, 835 coverage,
the council's totals weighted by datasets, the trend against an earlier quarter.
"""
from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Iterable
from typing import Any

# The action plan's target: 85% of a council's datasets meet the recommendations.
TARGET_SHARE = 85.0

QUARTER = re.compile(r"^(\d{4})Q([1-4])$")

SORT_KEYS = ("avg_score", "meets_share", "on_time_share", "coverage_share", "datasets",
             "median_response_hours", "trend", "assessment", "title")


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous_quarter(day: dt.date) -> str:
    """The quarter before the one `day` falls in."""
    quarter = (day.month - 1) // 3 + 1
    return f"{day.year - 1}Q4" if quarter == 1 else f"{day.year}Q{quarter - 1}"


def parse_quarter(value: str) -> tuple[int, int] | None:
    """(year, quarter) from "2025Q3"; None when the text is not a quarter."""
    match = QUARTER.match(value or "")
    return (int(match[1]), int(match[2])) if match else None


def quarter_is_past_or_current(value: str, today: dt.date) -> bool:
    parsed = parse_quarter(value)
    return bool(parsed) and parsed <= parse_quarter(quarter_of(today))


def _ratio(part: float, whole: int, scale: float = 100.0) -> float | None:
    return round(scale * part / whole, 1) if whole else None


def applicable_items(list835: Iterable[dict[str, Any]], publisher_type: str | None) -> list[dict[str, Any]]:
    """The 835 items a publisher of this type must publish; a publisher with no type is held
    to the items that bind every type."""
    items = list(list835)
    if publisher_type:
        return [i for i in items if publisher_type in (i.get("publisher_types") or [])]
    every_type = set().union(*(i.get("publisher_types") or [] for i in items))
    return [i for i in items if every_type <= set(i.get("publisher_types") or [])]


def coverage(applicable: list[dict[str, Any]], published: Iterable[str], on_time: Iterable[str]) -> dict[str, Any]:
    """Each applicable item is published (a public dataset updated on time), overdue (public
    datasets exist, none on time) or missing."""
    published, on_time = set(published), set(on_time)
    status = {}
    # Counted as we go: the oblast overview runs this for every publisher.
    counts = dict.fromkeys(("published", "overdue", "missing"), 0)
    for item in applicable:
        key = item["id"]
        state = "published" if key in on_time else "overdue" if key in published else "missing"
        status[key] = state
        counts[state] += 1
    covered = counts["published"] + counts["overdue"]
    return {"applicable": len(applicable), **counts,
            "share": round(100 * covered / len(applicable), 1) if applicable else None, "items": status}


def publisher(row: dict[str, Any], list835: list[dict[str, Any]],
              applicable: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One publisher's figures from its row of stored figures (see rating.STORED_FIGURES_SQL).
    `applicable`: the items that apply to its type, when the caller has worked them out."""
    if applicable is None:
        applicable = applicable_items(list835, row.get("publisher_type"))
    cover = coverage(applicable, row.get("items") or [], row.get("items_on_time") or [])
    return {
        "id": row["id"], "name": row["name"], "title": row["title"] or row["name"],
        "publisher_type": row.get("publisher_type"), "hromada": row.get("hromada"),
        "datasets": row["datasets"], "scored": row["scored"], "score_sum": row["score_sum"],
        "meets_count": row["meets_count"], "on_time_count": row["on_time_count"],
        "avg_score": _ratio(row["score_sum"], row["scored"], 1),
        "meets_share": _ratio(row["meets_count"], row["scored"]),
        "on_time_share": _ratio(row["on_time_count"], row["scored"]),
        "coverage": cover, "coverage_share": cover["share"],
        "median_response_hours": row.get("median_response_hours"),
    }


def council(publishers: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole portal's figures: every scored dataset counts once (so a big publisher
    weighs more than a small one), coverage is counted item by item across publishers."""
    scored = sum(p["scored"] for p in publishers)
    applicable = sum(p["coverage"]["applicable"] for p in publishers)
    covered = sum(p["coverage"]["published"] + p["coverage"]["overdue"] for p in publishers)
    responses = [p["median_response_hours"] for p in publishers if p.get("median_response_hours") is not None]
    return {
        "publishers": len(publishers), "datasets": sum(p["datasets"] for p in publishers), "scored": scored,
        "avg_score": _ratio(sum(p["score_sum"] for p in publishers), scored, 1),
        "meets_share": _ratio(sum(p["meets_count"] for p in publishers), scored),
        "on_time_share": _ratio(sum(p["on_time_count"] for p in publishers), scored),
        "coverage": {state: sum(p["coverage"][state] for p in publishers)
                     for state in ("applicable", "published", "overdue", "missing")},
        "coverage_share": round(100 * covered / applicable, 1) if applicable else None,
        "median_response_hours": round(statistics.median(responses), 1) if responses else None,
    }


def by_hromada(publishers: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Publishers grouped by their hromada's code, in the order met; publishers without a
    hromada are left out."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for p in publishers:
        if p.get("hromada"):
            groups.setdefault(p["hromada"], []).append(p)
    return groups


def trend(current: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """Change of the average score and of the share meeting the recommendations since an
    earlier snapshot."""
    if not previous:
        return None

    def delta(key: str) -> float | None:
        now, then = current.get(key), previous.get(key)
        return None if now is None or then is None else round(now - then, 1)

    return {"quarter": previous["quarter"], "avg_score": delta("avg_score"), "meets_share": delta("meets_share")}


def sort(publishers: list[dict[str, Any]], key: str, descending: bool = True) -> list[dict[str, Any]]:
    """Rank by one figure; publishers without it go last whichever the direction."""
    def value(p: dict[str, Any]) -> Any:
        if key == "title":
            return (p["title"] or "").casefold()
        if key == "trend":
            return (p.get("trend") or {}).get("avg_score")
        if key == "assessment":
            return (p.get("assessment") or {}).get("points")
        return p.get(key)

    known = [p for p in publishers if value(p) is not None]
    unknown = [p for p in publishers if value(p) is None]
    # Ties keep alphabetical order, so the page is stable between loads.
    known.sort(key=lambda p: (p["title"] or "").casefold())
    known.sort(key=value, reverse=descending)
    return known + unknown
