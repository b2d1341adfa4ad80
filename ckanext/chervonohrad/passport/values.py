"""Values stored by other portals, and by this one before its passport, read as this
portal's codes: update frequencies, languages, licences and formats.

Pure functions (no CKAN imports). The harvester maps a remote dataset through them, and
the validators and `ckan chervonohrad adopt` map a dataset this portal already holds, so a
spelling is understood the same way wherever it arrives. A value none of them knows gives
None: a person has to choose.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from typing import Any

from ckanext.chervonohrad.passport import rules, vocabularies


def fold(value: str) -> str:
    """Lower case, apostrophes and stress marks unified, underscores and runs of spaces as one space."""
    text = unicodedata.normalize("NFC", value).lower()
    text = re.sub(r"[’ʼ‘`´]", "'", text).replace("\u0301", "")
    return " ".join(text.replace("_", " ").split()).strip(" .")


# --- update frequency --------------------------------------------------------------------

# Spellings other portals use besides data.gov.ua's codes and labels (this project's list:
# data.loda.gov.ua's label, a publishing tool's labels, and plain adverbs).
FREQUENCY_ALIASES = {
    "більше як один раз на день": "more than once a day",
    "більше одного разу на день": "more than once a day",
    "кілька разів на день": "more than once a day",
    "щоденно": "once a day",
    "раз на день": "once a day",
    "daily": "once a day",
    "щотижнево": "once a week",
    "раз на тиждень": "once a week",
    "weekly": "once a week",
    "щомісячно": "once a month",
    "раз на місяць": "once a month",
    "monthly": "once a month",
    "щоквартально": "once a quarter",
    "раз на квартал": "once a quarter",
    "quarterly": "once a quarter",
    "кожні півроку": "once a half year",
    "раз на півроку": "once a half year",
    "раз на пів року": "once a half year",
    "semiannually": "once a half year",
    "щорічно": "once a year",
    "раз на рік": "once a year",
    "annually": "once a year",
    "yearly": "once a year",
    "після внесення змін": "immediately after making changes",
    "не оновлюється": "no longer updated",
    # Codes of ordinary CKAN portals (the `update_frequency` extra of stock CKAN forms and
    # ckanext-dcat's profiles) and of the EU's frequency authority table (DAILY, ANNUAL_2, ...).
    "hourly": "more than once a day",
    "continuous": "immediately after making changes",
    "cont": "immediately after making changes",
    "update cont": "immediately after making changes",
    "annual": "once a year",
    "annual 2": "once a half year",
    "semiannual": "once a half year",
    "semi-annually": "once a half year",
    "half-yearly": "once a half year",
    "never": "no longer updated",
}


def _frequency_table() -> dict[str, str]:
    table = {fold(k): v for k, v in FREQUENCY_ALIASES.items()}
    for item in vocabularies.items("update_frequencies"):
        table[fold(item["code"])] = item["code"]
        for label in item["label"].values():
            table[fold(label)] = item["code"]
    return table


def update_frequency_code(value: Any) -> str | None:
    """data.gov.ua's code for a code, a Ukrainian or English label, or a known variant."""
    if not isinstance(value, str):
        return None
    return _frequency_table().get(fold(value))


# --- language ----------------------------------------------------------------------------

LANGUAGE_ALIASES = {"ukr": "uk", "укр": "uk", "eng": "en", "англ": "en", "pol": "pl", "deu": "de", "ger": "de",
                    "multiple languages": "mul"}


def _language_table() -> dict[str, str]:
    table = {fold(k): v for k, v in LANGUAGE_ALIASES.items()}
    for item in vocabularies.items("languages"):
        table[fold(item["code"])] = item["code"]
        if item.get("data_gov_ua"):
            table[fold(item["data_gov_ua"])] = item["code"]
        for label in item["label"].values():
            table[fold(label)] = item["code"]
    return table


def language_code(value: Any) -> str | None:
    """This portal's language code for data.gov.ua's (`ua`), an ISO code or a label; several
    languages at once (a list, or `uk, en`) become `mul`."""
    if isinstance(value, list):
        parts = value
    elif isinstance(value, str):
        parts = re.split(r"[,;/]| та | і | и | and ", value)
    else:
        return None
    table = _language_table()
    codes = []
    for part in parts:
        if not isinstance(part, str) or not fold(part):
            continue
        code = table.get(fold(part))
        if code is None:
            return None
        codes.append(code)
    codes = list(dict.fromkeys(codes))
    if not codes:
        return None
    return codes[0] if len(codes) == 1 else "mul"


# --- licence -----------------------------------------------------------------------------

LICENSE_ALIASES = {
    "cc-by-4.0": "cc-by", "cc by": "cc-by", "cc by 4.0": "cc-by", "cc-by4.0": "cc-by", "cc-by-40": "cc-by",
    "creative commons attribution": "cc-by", "creative commons attribution 4.0": "cc-by",
    "cc-by-sa-4.0": "cc-by-sa", "cc by-sa": "cc-by-sa", "cc by-sa 4.0": "cc-by-sa",
    "creative commons attribution share-alike": "cc-by-sa",
    "cc0": "cc-zero", "cc0-1.0": "cc-zero", "cc0 1.0": "cc-zero", "creative commons cczero": "cc-zero",
    "odbl": "odc-odbl", "odbl-1.0": "odc-odbl", "open data commons open database license (odbl)": "odc-odbl",
    "pddl": "odc-pddl", "odc-by-1.0": "odc-by",
}


def _licenses() -> list[dict[str, Any]]:
    with open(os.path.join(vocabularies.DATA_DIR, "licenses.json"), encoding="utf-8") as f:
        return json.load(f)


def license_id(value: Any, title: Any = None) -> str | None:
    """One of this portal's open licences (data/licenses.json) for a remote id or title."""
    table = {fold(k): v for k, v in LICENSE_ALIASES.items()}
    for licence in _licenses():
        table[fold(licence["id"])] = licence["id"]
        table[fold(licence["title"])] = licence["id"]
    for candidate in (value, title):
        if isinstance(candidate, str) and fold(candidate) in table:
            return table[fold(candidate)]
    return None


# --- format ------------------------------------------------------------------------------

_FORMAT_BY_UPPER = None


def format_code(value: Any) -> str | None:
    """The vocabulary's spelling of a format (`csv`, `.CSV`, `text/csv` → `CSV`), or None."""
    global _FORMAT_BY_UPPER
    if _FORMAT_BY_UPPER is None:
        table = {}
        for item in vocabularies.items("formats"):
            table[item["code"].upper()] = item["code"]
            if item.get("mimetype"):
                table[item["mimetype"].upper()] = item["code"]
        table.update({"JSONLD": "JSON-LD", "GEOJSON": "GeoJSON", "JPG": "JPEG", "GZIP": "GZ", "TIF": "TIFF",
                      "TEXT/PLAIN": "TXT", "TEXT/HTML": "HTML"})
        _FORMAT_BY_UPPER = table
    if not isinstance(value, str):
        return None
    return _FORMAT_BY_UPPER.get(value.strip().lstrip(".").upper())


# --- dates -------------------------------------------------------------------------------

def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD for an ISO date or date-time, or a Ukrainian DD.MM.YYYY."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text)
    if match:
        text = f"{match[3]}-{match[2]}-{match[1]}"
    text = text[:10] if re.match(r"\d{4}-\d{2}-\d{2}([T ]|$)", text) else text
    return text if rules.iso_date_is_valid(text) else None
