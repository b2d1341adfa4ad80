"""The quarterly scorecard (картка оцінки стану оприлюднення і оновлення відкритих даних)
as tables: a quarter's frozen snapshot rows and its assessments in, sheets out (pure)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

COLUMNS: tuple[tuple[str, dict[str, str]], ...] = (
    ("title", {"uk": "Розпорядник", "en": "Publisher"}),
    ("datasets", {"uk": "Оприлюднено наборів", "en": "Datasets published"}),
    ("avg_score", {"uk": "Середня оцінка якості (зі 100)", "en": "Average quality score (of 100)"}),
    ("meets_share", {"uk": "Відповідають рекомендаціям, %", "en": "Meet the recommendations, %"}),
    ("on_time_share", {"uk": "Оновлено вчасно, %", "en": "Updated on time, %"}),
    ("coverage_applicable", {"uk": "Наборів за Постановою 835 належить", "en": "Resolution 835 datasets due"}),
    ("coverage_published", {"uk": "з них оприлюднено вчасно", "en": "of them published on time"}),
    ("coverage_overdue", {"uk": "з них прострочено", "en": "of them overdue"}),
    ("coverage_missing", {"uk": "з них відсутні", "en": "of them missing"}),
    ("median_response_hours", {"uk": "Медіана першої відповіді на відгук, год", "en":
                               "Median first response to feedback, hours"}),
    # Action plan item 6.4: the council's (hromada's) news items published in the quarter,
    # against «at least one»; on the council's row only (a publisher writes no news of its own).
    ("news_count", {"uk": "Новин за квартал (ціль: щонайменше одна)",
                    "en": "News items in the quarter (target: at least one)"}),
    ("news_met", {"uk": "Ціль щодо новин виконано", "en": "News target met"}),
    ("assessment_points", {"uk": "Оцінка адміністратора, бали", "en": "Administrator's points"}),
    ("assessment_comment", {"uk": "Коментар адміністратора", "en": "Administrator's comment"}),
)
SHEETS = {"council": {"uk": "Громада загалом", "en": "Whole council"},
          "publishers": {"uk": "Розпорядники", "en": "Publishers"}}
QUARTER = {"uk": "Квартал", "en": "Quarter"}
COUNCIL_ROW = {"uk": "Усього по громаді", "en": "Council total"}
MET = {"uk": {True: "так", False: "ні"}, "en": {True: "yes", False: "no"}}


def _values(row: dict[str, Any], assessment: dict[str, Any] | None, title: str,
            news: dict[str, Any] | None = None, lang: str = "uk") -> list[Any]:
    news_values = {"news_count": news["count"], "news_met": MET[lang][bool(news["met"])]} if news else {}
    values = dict(row, title=title, **news_values,
                  coverage_missing=row["coverage_applicable"] - row["coverage_published"] - row["coverage_overdue"],
                  assessment_points=(assessment or {}).get("points"),
                  assessment_comment=(assessment or {}).get("comment"))
    return [row["quarter"]] + [values.get(key) for key, _label in COLUMNS]


def sheets(rows: list[dict[str, Any]], assessments: list[dict[str, Any]], lang: str,
           news: dict[str, Any] | None = None) -> list[tuple[str, list[str], list[list[Any]]]]:
    """A "whole council" sheet (when the snapshot rows include it) and a publishers' sheet.
    `news`: the council's news count of the quarter and whether it meets the target
    ({"count", "met"}, news.measure.quarter_count), shown on the council's row."""
    header = [QUARTER[lang]] + [label[lang] for _key, label in COLUMNS]
    by_org = {(a["organization"], a["quarter"]): a for a in assessments}
    council = [_values(r, None, COUNCIL_ROW[lang], news, lang) for r in rows if r["scope"] == "council"]
    publishers = [_values(r, by_org.get((r["name"], r["quarter"])), r["title"] or r["name"])
                  for r in rows if r["scope"] != "council"]
    result = [(SHEETS["publishers"][lang], header, publishers)]
    if council:
        result.insert(0, (SHEETS["council"][lang], header, council))
    return result


def flat(sheet_list: Sequence[tuple[str, list[str], list[list[Any]]]]) -> tuple[list[str], list[list[Any]]]:
    """One table for CSV: the publishers' rows (the last sheet), then the council's total."""
    *council, (_title, header, publishers) = sheet_list
    return header, publishers + [row for _t, _h, rows in council for row in rows]
