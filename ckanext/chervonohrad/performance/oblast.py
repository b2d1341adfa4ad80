"""The oblast overview: every hromada that has publishers, ranked by the share of its
datasets meeting the recommendations, with its 835 coverage, feedback responsiveness and
trend since its previous snapshot.

The figures are the rating's: one aggregate query for every publisher, one for feedback
response times, one for the earlier snapshots — then each hromada's totals are summed in
Python exactly as the rating page sums them for one hromada (performance.figures.council), so
the two pages always agree. Never a query per hromada or per publisher.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.hromada import vocabulary
from ckanext.chervonohrad.performance import figures, rating

SORT_KEYS = ("meets_share", "title", "raion", "publishers", "datasets", "coverage_on_time_share",
             "median_response_hours", "avg_score", "trend")
DEFAULT_SORT = "meets_share"


def coverage_on_time_share(coverage: dict[str, Any]) -> float | None:
    """The share of applicable 835 items published and updated on time."""
    applicable = coverage["applicable"]
    return round(100 * coverage["published"] / applicable, 1) if applicable else None


def hromada_row(hromada: dict[str, Any], members: list[dict[str, Any]], previous: dict[str, Any] | None,
                lang: str) -> dict[str, Any]:
    """One hromada's totals over its publishers (pure)."""
    totals = figures.council(members)
    return {
        "code": hromada["code"], "title": localized(hromada["label"], lang), "label": hromada["label"],
        "raion": localized(hromada["raion"], lang), "raion_label": hromada["raion"],
        **{k: totals[k] for k in ("publishers", "datasets", "scored", "avg_score", "meets_share", "on_time_share",
                                  "coverage", "coverage_share", "median_response_hours")},
        "coverage_on_time_share": coverage_on_time_share(totals["coverage"]),
        "trend": figures.trend(totals, previous),
    }


def sort(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Rank hromadas by one figure (the rating's rules: unknown values last, ties by name)."""
    if key == "raion":
        return sorted(rows, key=lambda r: (r["raion"].casefold(), r["title"].casefold()), reverse=descending)
    return figures.sort(rows, key, descending)


def overview(today: dt.date | None = None, sort_key: str = DEFAULT_SORT, order: str | None = None,
             lang: str = "uk") -> dict[str, Any]:
    """The oblast's totals and one row per hromada with publishers; how many hromadas have
    none yet, and how many publishers name no hromada of the oblast."""
    quarter = figures.quarter_of(today or dt.date.today())
    publishers = rating.publisher_figures()
    groups = figures.by_hromada(publishers)
    known = [h for h in vocabulary.hromadas() if h["code"] in groups]
    previous = rating.latest_snapshots_before(
        quarter, [rating.COUNCIL] + [rating.hromada_scope(h["code"]) for h in known])
    rows = [hromada_row(h, groups[h["code"]], previous.get(rating.hromada_scope(h["code"])), lang) for h in known]
    totals = figures.council(publishers)
    totals["coverage_on_time_share"] = coverage_on_time_share(totals["coverage"])
    totals["trend"] = figures.trend(totals, previous.get(rating.COUNCIL))
    order = order or ("asc" if sort_key in ("title", "raion") else "desc")
    return {
        "quarter": quarter, "target": figures.TARGET_SHARE, "oblast": totals,
        "hromadas": sort(rows, sort_key, order == "desc"), "sort": sort_key, "order": order,
        "hromadas_total": len(vocabulary.hromadas()),
        "without_publishers": len(vocabulary.hromadas()) - len(known),
        "publishers_without_hromada": sum(1 for p in publishers if not vocabulary.exists(p.get("hromada"))),
    }


# ---- the CSV download (pure) -------------------------------------------------------------

CSV_COLUMNS: tuple[tuple[str, dict[str, str]], ...] = (
    ("rank", {"uk": "Місце", "en": "Rank"}),
    ("code", {"uk": "Код КАТОТТГ", "en": "KATOTTG code"}),
    ("title", {"uk": "Громада", "en": "Hromada"}),
    ("raion", {"uk": "Район", "en": "Raion"}),
    ("publishers", {"uk": "Розпорядників", "en": "Publishers"}),
    ("datasets", {"uk": "Оприлюднено наборів", "en": "Datasets published"}),
    ("meets_share", {"uk": "Відповідають рекомендаціям, %", "en": "Meet the recommendations, %"}),
    ("coverage_published", {"uk": "Пунктів переліку 835 оприлюднено вчасно", "en": "835 items published on time"}),
    ("coverage_applicable", {"uk": "Пунктів переліку 835 належить", "en": "835 items that apply"}),
    ("coverage_on_time_share", {"uk": "Охоплення переліку 835, %", "en": "835 coverage, %"}),
    ("median_response_hours", {"uk": "Медіана першої відповіді на відгук, год",
                               "en": "Median first response to feedback, hours"}),
    ("avg_score", {"uk": "Середня оцінка якості", "en": "Average quality score"}),
    ("trend_avg_score", {"uk": "Зміна середньої оцінки", "en": "Change of the average score"}),
    ("trend_quarter", {"uk": "Порівняно з кварталом", "en": "Compared with the quarter"}),
)


def csv_table(result: dict[str, Any], lang: str) -> tuple[list[str], list[list[Any]]]:
    """The overview as one table: a row per hromada in the page's order."""
    def values(rank: int, row: dict[str, Any]) -> dict[str, Any]:
        trend = row.get("trend") or {}
        return dict(row, rank=rank, coverage_published=row["coverage"]["published"],
                    coverage_applicable=row["coverage"]["applicable"], trend_avg_score=trend.get("avg_score"),
                    trend_quarter=trend.get("quarter"))

    header = [localized(label, lang) for _key, label in CSV_COLUMNS]
    rows = [[values(rank, row).get(key) for key, _label in CSV_COLUMNS]
            for rank, row in enumerate(result["hromadas"], start=1)]
    return header, rows
