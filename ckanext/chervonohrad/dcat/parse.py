"""The 835 passport read back from a DCAT-AP graph: the inverse of the `chervonohrad_dcat_ap`
profile's export, called by its `parse_dataset` after ckanext-dcat's `euro_dcat_ap_3` has read
the common fields (title, notes, tags, version, landing page, distributions, extras).

The values are read as they stand in the graph and turned into this portal's codes where the
portal knows them: an EU vocabulary URI by the value tables of dcat/mapping.py when they are
there, else by its last segment through passport/values.py (the readers the CKAN harvester and
the validators use: `MONTHLY` → «once a month», `UKR` → «uk», `CSV` → «CSV»). A value neither
knows is kept as the source gave it, so the harvest's mapping (harvest/mapping.map_dataset,
the CKAN harvester's) reports it as it reports a stranger's value from a CKAN portal and leaves
the field empty: the parse itself never refuses and never fails on an odd graph.

The publisher's EDRPOU travels as the extra `publisher_edrpou` (read by the harvest, which
decides the owner organization).
"""
from __future__ import annotations

import json
import re
from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS, SKOS, Namespace

from ckanext.chervonohrad.dcat import mapping as tables
from ckanext.chervonohrad.passport import rules, vocabularies
from ckanext.chervonohrad.passport.values import format_code, iso_date, language_code, license_id, update_frequency_code

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

_EDRPOU = re.compile(r"(?<!\d)(\d{8})(?!\d)")
_KATOTTG = re.compile(r"UA\d{17}")


def last_segment(value: Any) -> str:
    """`CSV` of `http://publications.europa.eu/resource/authority/file-type/CSV` (path, fragment or `id=`)."""
    text = str(value or "").strip().rstrip("/")
    match = re.search(r"[?&]id=([^&#]+)", text)
    if match:
        return match.group(1)
    return re.split(r"[/#]", text)[-1]


def _table(kind: str, value: Any) -> str | None:
    """This portal's code for an EU vocabulary URI by dcat/mapping.py's tables (the export's)."""
    decode = {"frequency": tables.frequency_code, "language": tables.language_code, "theme": tables.theme_topic,
              "format": lambda uri: tables.format_code(file_type=uri),
              "media_type": lambda uri: tables.format_code(media_type=uri)}.get(kind)
    return decode(str(value)) if decode is not None else None


def _objects(graph, subject, predicate) -> list[Any]:
    return list(graph.objects(subject, predicate)) if subject is not None else []


def _first_text(graph, subject, predicate) -> str | None:
    for value in _objects(graph, subject, predicate):
        text = str(value).strip()
        if text:
            return text
    return None


def _extra(dataset_dict: dict[str, Any], key: str) -> Any:
    for extra in dataset_dict.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == key:
            return extra.get("value")
    return None


def _set_extra(dataset_dict: dict[str, Any], key: str, value: Any) -> None:
    extras = [e for e in dataset_dict.get("extras") or [] if not (isinstance(e, dict) and e.get("key") == key)]
    dataset_dict["extras"] = [*extras, {"key": key, "value": value}]


# --- one field each --------------------------------------------------------------------------

def frequency(graph, dataset_ref) -> str | None:
    for value in _objects(graph, dataset_ref, DCTERMS.accrualPeriodicity):
        code = _table("frequency", value) or update_frequency_code(last_segment(value)) \
            or update_frequency_code(str(value))
        return code or str(value)
    return None


def language(graph, dataset_ref) -> str | list[str] | None:
    raw = _objects(graph, dataset_ref, DCTERMS.language)
    if not raw:
        return None
    codes = [_table("language", v) or language_code(last_segment(v)) or language_code(str(v)) for v in raw]
    if any(c is None for c in codes):
        return ", ".join(str(v) for v in raw)  # reported by the harvest's mapping as unknown
    codes = list(dict.fromkeys(codes))
    return codes[0] if len(codes) == 1 else "mul"


def licence(graph, dataset_ref, dataset_dict) -> str | None:
    refs = _objects(graph, dataset_ref, DCTERMS.license)
    for distribution in _objects(graph, dataset_ref, DCAT.distribution):
        refs += _objects(graph, distribution, DCTERMS.license)
    by_url = {_plain_url(lic.get("url")): lic["id"] for lic in _licences()}
    for value in refs:
        code = _table("license", value) or by_url.get(_plain_url(value)) or license_id(str(value)) \
            or license_id(last_segment(value))
        if code:
            return code
    return dataset_dict.get("license_id") or (str(refs[0]) if refs else None)


def _licences() -> list[dict[str, Any]]:
    import os

    with open(os.path.join(vocabularies.DATA_DIR, "licenses.json"), encoding="utf-8") as f:
        return json.load(f)


def _plain_url(value: Any) -> str:
    return re.sub(r"^https?://", "", str(value or "").strip()).rstrip("/").lower()


def topic(graph, dataset_ref) -> str | None:
    """Our topic: a theme that is one of our topics (by its last segment), else an EU data
    theme through the tables."""
    themes = _objects(graph, dataset_ref, DCAT.theme)
    names = vocabularies.keyed("topics", "name")
    for value in themes:
        if last_segment(value) in names:
            return last_segment(value)
    for value in themes:
        code = _table("theme", value)
        if code:
            return code
    return None


def list835_item(graph, dataset_ref) -> str | None:
    items = vocabularies.keyed("list835", "id")
    for value in _objects(graph, dataset_ref, DCTERMS.conformsTo):
        for candidate in (*(str(v) for v in _objects(graph, value, DCTERMS.identifier)), last_segment(value)):
            if candidate and (candidate in items or candidate == "none"):
                return candidate
    return None


def territory(graph, dataset_ref) -> str | None:
    for value in _objects(graph, dataset_ref, DCTERMS.spatial):
        texts = [str(value), *(str(v) for p in (SKOS.notation, DCTERMS.identifier, RDFS.label)
                               for v in _objects(graph, value, p))]
        for text in texts:
            match = _KATOTTG.search(text)
            if match and rules.katottg_is_valid(match.group(0)):
                return match.group(0)
    return None


def publisher_edrpou(graph, dataset_ref) -> str | None:
    """The EDRPOU of dct:publisher: adms:identifier's skos:notation, dct:identifier, or the
    agent's URI ending in 8 digits; the first one that is a valid code, else the first seen."""
    seen: list[str] = []
    for agent in _objects(graph, dataset_ref, DCTERMS.publisher):
        candidates = [str(v) for ident in _objects(graph, agent, ADMS.identifier)
                      for v in (_objects(graph, ident, SKOS.notation) or [ident])]
        candidates += [str(v) for v in _objects(graph, agent, DCTERMS.identifier)]
        if isinstance(agent, URIRef):
            candidates.append(last_segment(agent))
        for text in candidates:
            match = _EDRPOU.search(text)
            if match:
                if rules.edrpou_is_valid(match.group(1)):
                    return match.group(1)
                seen.append(match.group(1))
    return seen[0] if seen else None


def contact(graph, dataset_ref, dataset_dict) -> tuple[str | None, str | None]:
    name = _extra(dataset_dict, "contact_name")
    email = _extra(dataset_dict, "contact_email")
    for point in _objects(graph, dataset_ref, DCAT.contactPoint):
        name = name or _first_text(graph, point, VCARD.fn)
        email = email or _first_text(graph, point, VCARD.hasEmail)
    if isinstance(email, str):
        email = re.sub(r"^mailto:", "", email.strip(), flags=re.IGNORECASE)
    return name, email


def purpose(graph, dataset_ref) -> str | None:
    """The legal basis and purpose: dcatap:applicableLegislation's label, else dct:provenance's."""
    for predicate in (DCATAP.applicableLegislation, DCTERMS.provenance):
        for value in _objects(graph, dataset_ref, predicate):
            text = _first_text(graph, value, RDFS.label) or _first_text(graph, value, DCTERMS.description) \
                or _first_text(graph, value, DCTERMS.title)
            if text:
                return text
    return None


# --- distributions -------------------------------------------------------------------------

def _distribution_refs(graph, dataset_ref) -> dict[str, Any]:
    """Each distribution of the dataset, by every address it is known by (its URI, access and
    download URLs)."""
    found: dict[str, Any] = {}
    for distribution in _objects(graph, dataset_ref, DCAT.distribution):
        for address in [distribution, *_objects(graph, distribution, DCAT.accessURL),
                        *_objects(graph, distribution, DCAT.downloadURL)]:
            found.setdefault(str(address), distribution)
    return found


def resource_format(graph, distribution) -> str | None:
    for value in _objects(graph, distribution, DCTERMS.format):
        code = _table("format", value) or format_code(last_segment(value)) or format_code(str(value))
        if code:
            return code
    for value in _objects(graph, distribution, DCAT.mediaType):
        code = _table("media_type", value) or format_code(last_segment(value)) or format_code(
            "/".join(str(value).rstrip("/").split("/")[-2:]))
        if code:
            return code
    raw = _objects(graph, distribution, DCTERMS.format)
    return str(raw[0]) if raw else None


def resources(graph, dataset_ref, dataset_dict) -> None:
    """Formats as codes; `resource_role`: a distribution that another one's dct:conformsTo names
    is the structure, one with a data service (or format API) is an API, the others data."""
    by_address = _distribution_refs(graph, dataset_ref)
    structures = {by_address[str(v)] for d in set(by_address.values())
                  for v in _objects(graph, d, DCTERMS.conformsTo) if str(v) in by_address}
    for resource in dataset_dict.get("resources") or []:
        distribution = by_address.get(str(resource.get("uri") or "")) or by_address.get(str(resource.get("url") or ""))
        if distribution is None:
            continue
        code = resource_format(graph, distribution)
        if code:
            resource["format"] = code
        if distribution in structures:
            resource["resource_role"] = "structure"
        elif _objects(graph, distribution, DCAT.accessService) or resource.get("format") == "API":
            resource["resource_role"] = "api"
        else:
            resource["resource_role"] = "data"


# --- the whole dataset -----------------------------------------------------------------------

def parse_passport(dataset_dict: dict[str, Any], graph, dataset_ref) -> dict[str, Any]:
    """`dataset_dict` (ckanext-dcat's parse of `dataset_ref`) with the passport's fields at the
    top level, as this portal's schema names them."""
    name, email = contact(graph, dataset_ref, dataset_dict)
    values = {
        "update_frequency": frequency(graph, dataset_ref),
        "language": language(graph, dataset_ref),
        "license_id": licence(graph, dataset_ref, dataset_dict),
        "topic": topic(graph, dataset_ref),
        "list835_item": list835_item(graph, dataset_ref),
        "territory": territory(graph, dataset_ref),
        "purpose_of_collecting_information": purpose(graph, dataset_ref),
        "maintainer": name,
        "maintainer_email": email,
        # euro_dcat_ap_3 has read dct:temporal (at the top level or as extras); dct:modified
        # is not read as the data's date: ckanext-dcat writes the record's own change there.
        "temporal_start": iso_date(dataset_dict.get("temporal_start") or _extra(dataset_dict, "temporal_start")),
        "temporal_end": iso_date(dataset_dict.get("temporal_end") or _extra(dataset_dict, "temporal_end")),
        # The passport's «data current as of» travels as dct:valid (dcat/export.py).
        "data_current_as_of": iso_date(_first_text(graph, dataset_ref, DCTERMS.valid)),
    }
    for key, value in values.items():
        if value:
            dataset_dict[key] = value
        else:
            dataset_dict.pop(key, None)  # never a value of the base profile's own reading
    resources(graph, dataset_ref, dataset_dict)
    edrpou = publisher_edrpou(graph, dataset_ref)
    if edrpou:
        _set_extra(dataset_dict, "publisher_edrpou", edrpou)
    return dataset_dict

