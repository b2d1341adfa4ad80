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
    ("assessment_points", {"uk": "Оцінка адміністратора, бали", "en": "Administrator's points"}),
    ("assessment_comment", {"uk": "Коментар адміністратора", "en": "Administrator's comment"}),
)
SHEETS = {"council": {"uk": "Громада загалом", "en": "Whole council"},
          "publishers": {"uk": "Розпорядники", "en": "Publishers"}}
QUARTER = {"uk": "Квартал", "en": "Quarter"}
COUNCIL_ROW = {"uk": "Усього по громаді", "en": "Council total"}


def _values(row: dict[str, Any], assessment: dict[str, Any] | None, title: str) -> list[Any]:
    values = dict(row, title=title,
                  coverage_missing=row["coverage_applicable"] - row["coverage_published"] - row["coverage_overdue"],
                  assessment_points=(assessment or {}).get("points"),
                  assessment_comment=(assessment or {}).get("comment"))
    return [row["quarter"]] + [values.get(key) for key, _label in COLUMNS]


def sheets(rows: list[dict[str, Any]], assessments: list[dict[str, Any]], lang: str
           ) -> list[tuple[str, list[str], list[list[Any]]]]:
    """A "whole council" sheet (when the snapshot rows include it) and a publishers' sheet."""
    header = [QUARTER[lang]] + [label[lang] for _key, label in COLUMNS]
    by_org = {(a["organization"], a["quarter"]): a for a in assessments}
    council = [_values(r, None, COUNCIL_ROW[lang]) for r in rows if r["scope"] == "council"]
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
