"""The dataset passport (паспорт набору даних) in the order of Resolution 835's fields.

Pure functions: a package dict and its publisher's dict in, rows out. The dataset page,
the CSV/JSON downloads and `chervonohrad_passport_show` all render these rows.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.clock import KYIV
from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.passport import vocabularies

# (number, key, {uk, en}) — the passport fields as publishers' passports list them.
FIELDS = (
    (1, "identifier", {"uk": "Ідентифікаційний номер набору даних", "en": "Dataset identifier"}),
    (2, "title", {"uk": "Найменування набору даних", "en": "Dataset title"}),
    (3, "notes", {"uk": "Стислий опис змісту набору даних", "en": "Short description of the contents"}),
    (4, "language", {"uk": "Відомості про мову інформації", "en": "Language of the information"}),
    (5, "formats", {"uk": "Формат (формати) набору даних", "en": "Format(s) of the dataset"}),
    (6, "compression", {"uk": "Формат стиснення набору даних", "en": "Compression format"}),
    (7, "first_published", {"uk": "Дата і час першого оприлюднення", "en": "First published"}),
    (8, "last_modified", {"uk": "Дата і час внесення останніх змін", "en": "Last changed"}),
    (9, "data_current_as_of", {"uk": "Дата актуальності даних", "en": "Data current as of"}),
    (10, "update_frequency", {"uk": "Періодичність оновлення", "en": "Update frequency"}),
    (11, "keywords", {"uk": "Ключові слова", "en": "Keywords"}),
    (12, "data_links", {"uk": "Гіперпосилання на набір даних", "en": "Link to the dataset"}),
    (13, "structure_links", {
        "uk": "Гіперпосилання на структуру набору даних", "en": "Link to the dataset's structure"}),
    (14, "publisher", {"uk": "Розпорядник інформації", "en": "Publisher"}),
    (15, "maintainer", {"uk": "Відповідальна особа", "en": "Responsible person"}),
    (16, "purpose_of_collecting_information", {
        "uk": "Підстава та призначення збору інформації", "en": "Legal basis and purpose of collecting"}),
)


def _label(vocabulary: str, code: str | None, lang: str, key: str = "code", label: str = "label") -> str:
    if not code:
        return ""
    item = vocabularies.keyed(vocabulary, key).get(code)
    return localized(item[label], lang) if item else code


def _local_time(value: str | None) -> str:
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(KYIV).isoformat(timespec="seconds")


def _resources(dataset: dict[str, Any], *roles: str) -> list[dict[str, Any]]:
    return [r for r in dataset.get("resources") or [] if (r.get("resource_role") or "data") in roles]


def _join(values) -> str:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return "; ".join(seen)


def values(dataset: dict[str, Any], organization: dict[str, Any], lang: str = "uk") -> dict[str, str]:
    """Every passport field's value, as text in `lang`."""
    formats = vocabularies.keyed("formats")
    data = _resources(dataset, "data", "api")
    tags = [t["name"] for t in dataset.get("tags") or []]
    publisher = [organization.get("title") or organization.get("name") or ""]
    if organization.get("edrpou"):
        publisher.append(("ЄДРПОУ " if lang == "uk" else "EDRPOU ") + organization["edrpou"])
    if organization.get("hromada"):
        publisher.append(("КАТОТТГ " if lang == "uk" else "KATOTTG ") + organization["hromada"])
    maintainer = [dataset.get("maintainer") or "", dataset.get("maintainer_email") or ""]
    return {
        "identifier": dataset.get("id", ""),
        "title": dataset.get("title") or "",
        "notes": dataset.get("notes") or "",
        "language": _label("languages", dataset.get("language"), lang),
        "formats": _join(r.get("format") for r in data),
        "compression": _join(
            r.get("format") for r in data if formats.get(r.get("format") or "", {}).get("compression")
        ),
        "first_published": _local_time(dataset.get("metadata_created")),
        "last_modified": _local_time(dataset.get("metadata_modified")),
        "data_current_as_of": dataset.get("data_current_as_of") or "",
        "update_frequency": _label("update_frequencies", dataset.get("update_frequency"), lang),
        "keywords": ", ".join(tags),
        "data_links": _join(r.get("url") for r in data),
        "structure_links": _join(r.get("url") for r in _resources(dataset, "structure")),
        "publisher": ", ".join(p for p in publisher if p),
        "maintainer": ", ".join(m for m in maintainer if m),
        "purpose_of_collecting_information": dataset.get("purpose_of_collecting_information") or "",
    }


def rows(dataset: dict[str, Any], organization: dict[str, Any], lang: str = "uk") -> list[dict[str, Any]]:
    """The passport as rows: number, field key, label in `lang`, value."""
    found = values(dataset, organization, lang)
    return [
        {"number": number, "field": key, "label": localized(label, lang), "value": found[key]}
        for number, key, label in FIELDS
    ]


def to_csv(passport_rows: list[dict[str, Any]], lang: str = "uk") -> str:
    header = ["№", "Поле", "Значення"] if lang == "uk" else ["No.", "Field", "Value"]
    return tables.to_csv(header, ([row["number"], row["label"], row["value"]] for row in passport_rows))
