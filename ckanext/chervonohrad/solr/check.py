"""Does the connected Solr core hold this extension's schema? Asked through Solr's Schema API
(GET <core>/schema), compared with the schema `configset.derived()` would write today.

`problems(live, expected)` is pure: the live schema (the Schema API's `schema` object) against the
expected one (an ElementTree), one readable sentence per missing piece. `fetch_schema` and
`check_core` do the HTTP.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import requests

from ckanext.chervonohrad.solr import configset

FIX = ("write the configset with `ckan chervonohrad solr configset DIR`, create the core from it (and point "
       "solr_url at it), then `ckan search-index rebuild`")
# Solr field classes a score can be sorted and ranged on as a number.
NUMERIC_CLASSES = {"FloatPointField", "DoublePointField", "IntPointField", "LongPointField",
                   "TrieFloatField", "TrieDoubleField", "TrieIntField", "TrieLongField"}
# Solr field classes a SolrCloud replica can read a document's version from.
LONG_CLASSES = {"LongPointField", "TrieLongField"}
# A word form and the lemma the Ukrainian analysis must index it as.
PROBE = ("зупинок", "зупинка")


class SolrUnreachable(Exception):
    """The Solr core could not be asked (message for the operator)."""


def short_class(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def analyzer_chain(element: ET.Element | dict | None) -> list[tuple[str, tuple]]:
    """An analyzer as comparable steps, from schema.xml or from the Schema API's JSON."""
    if element is None:
        return []
    if isinstance(element, ET.Element):
        steps = [(child.tag, dict(child.attrib)) for child in element]
    else:
        steps = [("charFilter", f) for f in element.get("charFilters", [])]
        if "tokenizer" in element:
            steps.append(("tokenizer", element["tokenizer"]))
        steps += [("filter", f) for f in element.get("filters", [])]
    return [(kind, tuple(sorted((k, short_class(str(v)) if k == "class" else str(v)) for k, v in attrs.items())))
            for kind, attrs in steps]


def expected_analyzers(field_type: ET.Element) -> dict[str, list]:
    return {f"{a.get('type')}Analyzer": analyzer_chain(a) for a in field_type.findall("analyzer")}


def _names_ckan_reads() -> set[str]:
    """The schema names the installed CKAN's search accepts (`ckan-2.11`, `ckan-2.12`, …)."""
    try:
        from ckan.lib.search import SUPPORTED_SCHEMA_VERSIONS
    except ImportError:
        return set()
    return {f"ckan-{version}" for version in SUPPORTED_SCHEMA_VERSIONS}


def problems(live: dict[str, Any], expected: ET.ElementTree, *, cloud: bool = False) -> list[str]:
    """What the live schema lacks of the expected one; empty when it is this extension's. `cloud`:
    the core is a replica of a SolrCloud collection."""
    root = expected.getroot()
    found: list[str] = []
    name, version = configset.schema_identity(expected)
    # CKAN reads the schemas of older versions too (2.12 that of 2.11, the same fields): a core made
    # before a CKAN upgrade stays good; the fields and types below say whether it has what is needed.
    if live.get("name") not in {name, *_names_ckan_reads()} or str(live.get("version", "")) != version:
        found.append(f"the schema is `{live.get('name')}` version {live.get('version')}, not `{name}` version "
                     f"{version} (the schema of the CKAN installed here)")
    types = {t["name"]: t for t in live.get("fieldTypes", [])}
    fields = {f["name"]: f for f in live.get("fields", [])}

    score = fields.get(configset.SCORE_FIELD)
    if score is None:
        catch_all = any(d.get("name") == "*" for d in live.get("dynamicFields", []))
        found.append(f"there is no `{configset.SCORE_FIELD}` field" + (
            ": the score goes to the `*` string catch-all, so sorting by quality compares text" if catch_all
            else " (datasets cannot be sorted by quality)"))
    else:
        score_class = short_class(types.get(score["type"], {}).get("class", "?"))
        if score_class not in NUMERIC_CLASSES:
            found.append(f"`{configset.SCORE_FIELD}` is of type `{score['type']}` ({score_class}), not numeric "
                         f"(`{configset.SCORE_TYPE}`): sorting by quality compares strings")

    text_name = configset.UKRAINIAN_TEXT_TYPE
    want = expected_analyzers(root.find(f".//fieldType[@name='{text_name}']"))
    text_type = types.get(text_name)
    if text_type is None:
        found.append(f"there is no `{text_name}` field type")
    else:
        have = {kind: analyzer_chain(text_type.get(kind)) for kind in want}
        if "analyzer" in text_type:  # one analyzer for both index and query
            have = {kind: analyzer_chain(text_type["analyzer"]) for kind in want}
        if have != want:
            classes = {short_class(f.get("class", "")) for a in ("indexAnalyzer", "queryAnalyzer", "analyzer")
                       for f in (text_type.get(a) or {}).get("filters", [])}
            if "MorfologikFilterFactory" in classes:
                found.append(f"the `{text_name}` field type analyses Ukrainian differently from this version of the "
                             f"extension (an older configset?)")
            else:
                found.append(f"the `{text_name}` field type has no Ukrainian analysis (Morfologik lemmatisation): "
                             f"«зупинок» does not find «зупинки»")

    wrong = sorted(f.get("name") for f in root.iter("field")
                   if f.get("type") == text_name and f.get("name") in fields
                   and fields[f.get("name")].get("type") != text_name)
    missing = sorted(f.get("name") for f in root.iter("field")
                     if f.get("name") not in fields and f.get("name") != configset.SCORE_FIELD)
    if cloud:
        version = fields.get(configset.VERSION_FIELD)
        version_type = version["type"] if version else None
        if short_class(types.get(version_type, {}).get("class", "?")) not in LONG_CLASSES:
            found.append(f"this is SolrCloud and `{configset.VERSION_FIELD}` is of type `{version_type}`, not a long: "
                         f"a replica cannot read it and goes into recovery at every edited dataset; write the "
                         f"configset with --cloud, create the collection from it and rebuild")
    if wrong:
        found.append(f"these text fields do not use the Ukrainian `{text_name}` type: {', '.join(wrong)}")
    if missing:
        found.append(f"these fields are missing: {', '.join(missing)}")
    return found


def _auth(user: str | None, password: str | None):
    return (user, password) if user and password else None


def _get(url: str, user: str | None, password: str | None, timeout: float, **params) -> dict:
    try:
        response = requests.get(url, params={"wt": "json", **params}, auth=_auth(user, password),
                                timeout=timeout)
    except requests.RequestException as error:
        raise SolrUnreachable(f"Solr does not answer at {url} ({type(error).__name__}): is it running, and is "
                              f"solr_url right?") from None
    if response.status_code in (401, 403):
        raise SolrUnreachable(f"Solr refused the request to {url} (HTTP {response.status_code}): check solr_user "
                              f"and solr_password")
    if response.status_code == 404:
        raise SolrUnreachable(f"Solr has no core or collection at {url} (HTTP 404): check solr_url, or {FIX}")
    try:
        body = response.json()
    except ValueError:
        raise SolrUnreachable(f"{url} did not answer as Solr does (HTTP {response.status_code}, not JSON)") from None
    if response.status_code != 200:
        message = (body.get("error") or {}).get("msg", "")
        raise SolrUnreachable(f"Solr answered HTTP {response.status_code} at {url}: {message}")
    return body


def fetch_schema(solr_url: str, user: str | None = None, password: str | None = None,
                 timeout: float = 10) -> dict:
    return _get(solr_url.rstrip("/") + "/schema", user, password, timeout)["schema"]


def analyses_ukrainian(solr_url: str, user: str | None = None, password: str | None = None,
                       timeout: float = 10) -> bool:
    """Whether the core really lemmatises a Ukrainian word form (the dictionary is loaded)."""
    body = _get(solr_url.rstrip("/") + "/analysis/field", user, password, timeout,
                **{"analysis.fieldtype": configset.UKRAINIAN_TEXT_TYPE, "analysis.fieldvalue": PROBE[0]})
    stages = body["analysis"]["field_types"][configset.UKRAINIAN_TEXT_TYPE]["index"]
    return PROBE[1] in [token["text"] for token in stages[-1]]


def in_cloud(solr_url: str, user: str | None = None, password: str | None = None, timeout: float = 10) -> bool:
    """Whether the node serving `solr_url` runs in SolrCloud mode (False when a proxy in front of
    the core does not pass the node's admin API: the core's own checks still run)."""
    node = solr_url.rstrip("/").rsplit("/", 1)[0]
    try:
        return _get(node + "/admin/info/system", user, password, timeout).get("mode") == "solrcloud"
    except SolrUnreachable:
        return False


def check_core(solr_url: str, user: str | None = None, password: str | None = None, timeout: float = 10,
               ckan_schema: str | None = None) -> list[str]:
    """The problems of the core at `solr_url` (raises SolrUnreachable when it cannot be asked)."""
    live = fetch_schema(solr_url, user, password, timeout)
    cloud = in_cloud(solr_url, user, password, timeout)
    found = problems(live, configset.derived(ckan_schema, cloud=cloud), cloud=cloud)
    if not found and not analyses_ukrainian(solr_url, user, password, timeout):
        found.append(f"the `{configset.UKRAINIAN_TEXT_TYPE}` field type does not lemmatise «{PROBE[0]}» to "
                     f"«{PROBE[1]}»: is Solr's {configset.SOLR_MODULE} module enabled?")
    return found


def portal_connection() -> tuple[str, str | None, str | None, float]:
    """The portal's solr_url, solr_user, solr_password and solr_timeout, as CKAN reads them."""
    from ckan.common import config

    url = config.get("solr_url") or "http://127.0.0.1:8983/solr/ckan"
    return url, config.get("solr_user"), config.get("solr_password"), float(config.get("solr_timeout") or 60)
