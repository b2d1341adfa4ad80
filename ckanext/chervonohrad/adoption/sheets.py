"""The adoption report as tables: one row per finding (the CSV, and the XLSX's second sheet)
and one row per publisher (the XLSX's first sheet). Pure (no CKAN imports); the labels are
{uk, en} like the audit's exports, so the command and the page write the same files.

A row is a plain dict (see `finding_row`); the kind of finding (missing, invalid,
conflict, error), the field and the dataset's state are written as codes, to filter on.
`status` says what became of it: `fixable` and `person` in a report, `fixed`, `refused`
and `person` after --apply, `skipped` for a row of the operator's table left out.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ckanext.chervonohrad.adoption.findings import Finding
from ckanext.chervonohrad.common.i18n import localized

KIND_LABELS = {
    "missing": {"uk": "Бракує", "en": "Missing"},
    "invalid": {"uk": "Неприйнятне значення", "en": "Invalid"},
    "conflict": {"uk": "Суперечність", "en": "Conflict"},
    "error": {"uk": "Помилка", "en": "Error"},
}

REASON_LABELS = {
    "required": {"uk": "Не заповнено", "en": "Not filled in"},
    "no_data_resource": {"uk": "Немає ресурсу з роллю «Дані»", "en": "No resource with the role «Data»"},
    "no_structure_resource": {"uk": "Немає файлу структури набору даних", "en": "No dataset structure file"},
    "unknown_value": {"uk": "Значення немає в переліку", "en": "Not a value of the list"},
    "closed_licence": {"uk": "Не відкрита ліцензія", "en": "Not an open licence"},
    "invalid_email": {"uk": "Неправильна адреса електронної пошти", "en": "Not a valid email address"},
    "invalid_date": {"uk": "Дата не у форматі РРРР-ММ-ДД", "en": "Not a date in the form YYYY-MM-DD"},
    "invalid_code": {"uk": "Неправильний код", "en": "Not a valid code"},
    "unsafe_link": {"uk": "Не адреса http(s)", "en": "Not an http(s) address"},
    "too_long": {"uk": "Довше, ніж дозволяє паспорт", "en": "Longer than the passport allows"},
    "unknown_format": {"uk": "Формат, якого немає в переліку", "en": "A format the list does not know"},
    "duplicate_code": {"uk": "Той самий код, що в іншого розпорядника", "en": "The same code as another publisher"},
    "unknown_organization": {"uk": "Такого розпорядника на порталі немає", "en": "No such publisher on the portal"},
    "invalid_edrpou": {"uk": "Код ЄДРПОУ не проходить перевірку контрольної цифри",
                       "en": "The EDRPOU code fails its check digit"},
    "edrpou_taken": {"uk": "Цей код ЄДРПОУ вже має інший розпорядник",
                     "en": "Another publisher holds this EDRPOU code"},
    "duplicate_edrpou": {"uk": "Таблиця дає цей код ЄДРПОУ ще й іншому розпоряднику",
                         "en": "The table gives this EDRPOU code to another publisher too"},
    "unknown_hromada": {"uk": "Такої громади області немає", "en": "Not a hromada of the oblast"},
    "unknown_type": {"uk": "Такого типу розпорядника немає", "en": "Not a publisher type of the list"},
    "duplicate_row": {"uk": "Таблиця називає цього розпорядника двічі", "en": "The table names this publisher twice"},
    "incomplete": {"uk": "Не дає ні таблиця, ні портал", "en": "Neither the table nor the portal gives it"},
    "conflict": {"uk": "На порталі збережено інше значення", "en": "The portal holds a different value"},
    "refused": {"uk": "Портал не прийняв зміну", "en": "The portal refused the change"},
    "overwritten": {"uk": "Замінено за таблицею оператора (--overwrite)",
                    "en": "Replaced as the operator's table says (--overwrite)"},
}

STATUS_LABELS = {
    "fixable": {"uk": "Можна виправити автоматично", "en": "Can be fixed mechanically"},
    "person": {"uk": "Потрібне рішення людини", "en": "Needs a person"},
    "fixed": {"uk": "Виправлено", "en": "Fixed"},
    "refused": {"uk": "Не виправлено: портал не прийняв", "en": "Not fixed: refused"},
    "skipped": {"uk": "Рядок таблиці пропущено", "en": "Row of the table skipped"},
}

FINDING_COLUMNS = (
    ("publisher", {"uk": "Розпорядник (ідентифікатор)", "en": "Publisher (name)"}),
    ("publisher_title", {"uk": "Розпорядник", "en": "Publisher"}),
    ("hromada", {"uk": "Громада (КАТОТТГ)", "en": "Hromada (KATOTTG)"}),
    ("dataset", {"uk": "Набір даних (ідентифікатор)", "en": "Dataset (name)"}),
    ("dataset_title", {"uk": "Набір даних", "en": "Dataset"}),
    ("state", {"uk": "Стан", "en": "State"}),
    ("private", {"uk": "Приватний", "en": "Private"}),
    ("kind", {"uk": "Що знайдено", "en": "Finding"}),
    ("field", {"uk": "Поле", "en": "Field"}),
    ("resource", {"uk": "Ресурс", "en": "Resource"}),
    ("value", {"uk": "Збережене значення", "en": "Stored value"}),
    ("fix", {"uk": "Нове значення", "en": "New value"}),
    ("reason", {"uk": "Причина", "en": "Reason"}),
    ("detail", {"uk": "Подробиці", "en": "Detail"}),
    ("status", {"uk": "Статус", "en": "Status"}),
)

PUBLISHER_COLUMNS = (
    ("publisher", {"uk": "Розпорядник (ідентифікатор)", "en": "Publisher (name)"}),
    ("publisher_title", {"uk": "Розпорядник", "en": "Publisher"}),
    ("hromada", {"uk": "Громада (КАТОТТГ)", "en": "Hromada (KATOTTG)"}),
    ("edrpou", {"uk": "ЄДРПОУ", "en": "EDRPOU"}),
    ("publisher_type", {"uk": "Тип розпорядника", "en": "Publisher type"}),
    ("datasets", {"uk": "Наборів даних", "en": "Datasets"}),
    ("datasets_fixable", {"uk": "Наборів з автоматичними виправленнями", "en": "Datasets with mechanical fixes"}),
    ("datasets_person", {"uk": "Наборів, що потребують людини", "en": "Datasets needing a person"}),
    ("mechanical", {"uk": "Автоматичних виправлень", "en": "Mechanical fixes"}),
    ("person", {"uk": "Потребує людини", "en": "Needing a person"}),
)

YES_NO = {True: {"uk": "так", "en": "yes"}, False: {"uk": "ні", "en": "no"}}


def _label(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    labels = table.get(key)
    return localized(labels, lang) if labels else key


def status_of(finding: Finding) -> str:
    """A finding's status in a report (before anything is applied)."""
    if finding.kind in ("conflict", "error"):
        return "skipped" if finding.reason != "refused" else "refused"
    return "fixable" if finding.mechanical else "person"


def finding_row(publisher: dict[str, Any], dataset: dict[str, Any] | None, finding: Finding,
                status: str | None = None) -> dict[str, Any]:
    """One row of the report: a finding of a publisher (`dataset` None) or of its dataset."""
    return {
        "publisher": publisher.get("name"), "publisher_title": publisher.get("title"),
        "hromada": publisher.get("hromada") or "",
        "dataset": (dataset or {}).get("name") or "", "dataset_title": (dataset or {}).get("title") or "",
        "state": (dataset or {}).get("state") or "", "private": (dataset or {}).get("private"),
        "kind": finding.kind, "field": finding.field, "resource": finding.resource or "",
        "value": finding.value, "fix": finding.fix or "", "reason": finding.reason, "detail": finding.detail,
        "status": status or status_of(finding),
    }


def _shown(key: str, row: dict[str, Any], lang: str) -> Any:
    value = row.get(key)
    # `kind`, `field` and `state` stay codes (stable keys to filter on); reasons and statuses read as words.
    if key == "reason":
        return _label(REASON_LABELS, value, lang)
    if key == "status":
        return _label(STATUS_LABELS, value, lang)
    if key == "private":
        return "" if value is None else _label(YES_NO, bool(value), lang)
    return "" if value is None else value


def table(columns, rows: Iterable[dict[str, Any]], lang: str) -> tuple[list[str], list[list[Any]]]:
    header = [localized(labels, lang) for _key, labels in columns]
    return header, [[_shown(key, row, lang) for key, _labels in columns] for row in rows]


def findings_table(rows: Iterable[dict[str, Any]], lang: str) -> tuple[list[str], list[list[Any]]]:
    return table(FINDING_COLUMNS, rows, lang)


def publishers_table(rows: Iterable[dict[str, Any]], lang: str) -> tuple[list[str], list[list[Any]]]:
    return table(PUBLISHER_COLUMNS, rows, lang)


SHEET_NAMES = {"uk": ("Розпорядники", "Знахідки"), "en": ("Publishers", "Findings")}


def sheet_names(lang: str) -> tuple[str, str]:
    return localized(SHEET_NAMES, lang)


def workbook_sheets(publisher_rows, finding_rows, lang: str) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The XLSX's sheets: publishers, then findings."""
    names = sheet_names(lang)
    return [(names[0], *publishers_table(publisher_rows, lang)), (names[1], *findings_table(finding_rows, lang))]
