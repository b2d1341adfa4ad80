"""The register of datasets (реєстр наборів даних, action plan item 5.3), generated from the
portal's own metadata: one row per published dataset of a publisher, or of the whole
council, in the structure the Lviv oblast portal uses for its registers.

One query reads every row (tags, formats and the publisher's code aggregated in it), never
a `package_show` per dataset. Only public, active datasets are listed: drafts and private
datasets are not published.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.extras import org_value, package_value
from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.common.sql import without_jit
from ckanext.chervonohrad.hromada.filters import of_publishers, publisher_ids
from ckanext.chervonohrad.passport import vocabularies

# (column, {uk, en} title, description in Ukrainian, datatype, required) — the header of the
# register's data file is the column names; its structure file describes them.
COLUMNS: tuple[tuple[str, dict[str, str], str, str, bool], ...] = (
    ("identifier", {"uk": "Ідентифікатор набору даних", "en": "Dataset identifier"},
     "Унікальний ідентифікатор набору даних на порталі", "string", True),
    ("title", {"uk": "Назва набору даних", "en": "Title"}, "Найменування набору даних", "string", True),
    ("description", {"uk": "Опис набору даних", "en": "Description"}, "Стислий опис змісту набору даних",
     "string", True),
    ("accrualPeriodicity", {"uk": "Періодичність оновлення", "en": "Update frequency"},
     "Періодичність оновлення набору даних", "string", True),
    ("keyword", {"uk": "Ключові слова", "en": "Keywords"}, "Ключові слова через кому", "string", False),
    ("purpose", {"uk": "Підстава та призначення збору інформації", "en": "Legal basis and purpose"},
     "Підстава та призначення збору інформації", "string", False),
    ("landingPage", {"uk": "Посилання на сторінку набору даних", "en": "Dataset page"},
     "Гіперпосилання на сторінку набору даних на порталі", "anyURI", True),
    ("format", {"uk": "Формати", "en": "Formats"}, "Формати ресурсів набору даних через кому", "string", False),
    ("contactPointName", {"uk": "Відповідальна особа", "en": "Responsible person"},
     "Прізвище, ім'я та по батькові відповідальної особи", "string", False),
    ("contactPointEmail", {"uk": "Електронна пошта відповідальної особи", "en": "Responsible person's email"},
     "Адреса електронної пошти відповідальної особи", "string", False),
    ("publisherName", {"uk": "Розпорядник інформації", "en": "Publisher"},
     "Найменування розпорядника інформації", "string", True),
    ("publisherIdentifier", {"uk": "Код ЄДРПОУ розпорядника", "en": "Publisher's EDRPOU code"},
     "Код розпорядника за ЄДРПОУ", "string", False),
)
KEYS = tuple(c[0] for c in COLUMNS)

# Each aggregate is grouped once over the listed datasets (not a subquery per row); the extras
# come from common.extras; a hromada's register lists only its publishers' datasets from the start.
ROWS_SQL = text(f"""
WITH listed AS (
    SELECT p.id, p.name, p.title, p.notes, p.maintainer, p.maintainer_email, p.owner_org,
           {package_value('p', 'update_frequency')} AS frequency,
           {package_value('p', 'purpose_of_collecting_information')} AS purpose
    FROM package p
    WHERE p.type = 'dataset' AND p.state = 'active' AND NOT p.private
      AND (CAST(:org AS text) IS NULL OR p.owner_org = :org) AND {of_publishers('p.owner_org')}
), orgs AS (
    SELECT g.id, g.title, {org_value('g', 'edrpou')} AS edrpou
    FROM "group" g
    WHERE g.is_organization AND g.state = 'active' AND (CAST(:org AS text) IS NULL OR g.id = :org)
      AND {of_publishers('g.id')}
), tags AS (
    SELECT pt.package_id, string_agg(t.name, ', ' ORDER BY t.name) AS keywords
    FROM package_tag pt JOIN listed l ON l.id = pt.package_id JOIN tag t ON t.id = pt.tag_id
    WHERE pt.state = 'active'
    GROUP BY pt.package_id
), formats AS (
    SELECT r.package_id, string_agg(DISTINCT upper(r.format), ', ') AS formats
    FROM resource r JOIN listed l ON l.id = r.package_id
    WHERE r.state = 'active' AND coalesce(r.format, '') <> ''
      AND coalesce(r.extras::json ->> 'resource_role', 'data') IN ('data', 'api')
    GROUP BY r.package_id
)
SELECT l.id, l.name, l.title, l.notes, l.maintainer, l.maintainer_email, o.title AS org_title, o.edrpou,
       l.frequency, l.purpose, t.keywords, f.formats
FROM listed l
JOIN orgs o ON o.id = l.owner_org
LEFT JOIN tags t ON t.package_id = l.id
LEFT JOIN formats f ON f.package_id = l.id
ORDER BY lower(o.title), lower(l.title), l.name
""")


def dataset_url_template() -> str:
    """The canonical address of a dataset page (no language prefix), with `{name}`."""
    return tk.config.get("ckan.site_url").rstrip("/") + "/dataset/{name}"


def row_from(record: dict[str, Any], lang: str, url: str, frequencies: dict[str, dict[str, Any]]) -> dict[str, str]:
    """One register row from a database record (pure)."""
    frequency = frequencies.get(record.get("frequency") or "")
    return {
        "identifier": record["id"],
        "title": record.get("title") or record["name"],
        "description": record.get("notes") or "",
        "accrualPeriodicity": localized(frequency["label"], lang) if frequency
        else record.get("frequency") or "",
        "keyword": record.get("keywords") or "",
        "purpose": record.get("purpose") or "",
        "landingPage": url.format(name=record["name"]),
        "format": record.get("formats") or "",
        "contactPointName": record.get("maintainer") or "",
        "contactPointEmail": record.get("maintainer_email") or "",
        "publisherName": record.get("org_title") or "",
        "publisherIdentifier": record.get("edrpou") or "",
    }


def rows(org_id: str | None = None, hromada: str | None = None, lang: str = "uk") -> list[dict[str, str]]:
    """The register of one publisher, a hromada's, or the whole council's (no filter)."""
    without_jit()
    url = dataset_url_template()
    frequencies = vocabularies.keyed("update_frequencies")
    return [row_from(dict(r._mapping), lang, url, frequencies)
            for r in model.Session.execute(ROWS_SQL, {"org": org_id, "orgs": publisher_ids(hromada)})]


def to_csv(register: list[dict[str, str]], bom: bool = True) -> str:
    return tables.to_csv(KEYS, ([row[k] for k in KEYS] for row in register), bom=bom)


def to_json(register: list[dict[str, str]]) -> str:
    return json.dumps(register, ensure_ascii=False, indent=1)


def structure_csv(bom: bool = True) -> str:
    """The register's structure (CSVW-like: name, title, description, datatype, required)."""
    return tables.to_csv(("name", "title", "description", "datatype", "required"),
                         ([key, title["uk"], description, datatype, "true" if required else "false"]
                          for key, title, description, datatype, required in COLUMNS), bom=bom)
