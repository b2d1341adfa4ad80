"""The passport's fields as DCAT-AP 3 triples, added to the graph `euro_dcat_ap_3` wrote.

Each passport field has one small function; DATASET_FIELDS lists them in the order of the
passport. Values the passport does not know (old content: no frequency, a format outside the
list, a publisher without an EDRPOU) are left out, never guessed: the graph stays valid.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.dcat.profiles import ADMS, DCAT, DCT, FOAF, RDF, RDFS, SKOS, VCARD, XSD
from ckanext.dcat.utils import resource_uri
from rdflib import BNode, Graph, Literal, URIRef

from ckan.plugins.toolkit import config

from ckanext.chervonohrad.dcat import mapping
from ckanext.chervonohrad.passport import vocabularies

# The resolution whose list an 835 item belongs to (its official text on the Rada's site).
RESOLUTION_835 = "https://zakon.rada.gov.ua/laws/show/835-2015-%D0%BF"
# The register an EDRPOU code comes from (the Unified State Register of Ukraine).
EDRPOU_SCHEME = "https://usr.minjust.gov.ua"
KATOTTG_SCHEME = "KATOTTG"
DATA_ROLES = ("data", "api")

# The class each vocabulary's terms have in DCAT-AP 3's range shapes.
TERM_CLASS = {
    DCT.accrualPeriodicity: DCT.Frequency,
    DCT.language: DCT.LinguisticSystem,
    DCAT.theme: SKOS.Concept,
    DCT["format"]: DCT.MediaTypeOrExtent,
    DCAT.mediaType: DCT.MediaType,
    DCT.license: DCT.LicenseDocument,
    DCT.accessRights: DCT.RightsStatement,
}
# Everything the catalogue lists is public (private datasets never reach it).
PUBLIC_ACCESS = mapping.EU + "access-right/PUBLIC"


def _set_term(g: Graph, subject: Any, predicate: Any, uri: str | None) -> None:
    """Replace whatever `predicate` holds on `subject` with one vocabulary term (typed)."""
    g.remove((subject, predicate, None))
    if uri:
        g.add((subject, predicate, URIRef(uri)))
        g.add((URIRef(uri), RDF.type, TERM_CLASS[predicate]))


def _node(g: Graph, subject: Any, predicate: Any, kind: Any, *facts: tuple[Any, Any]) -> BNode:
    """A new blank node of class `kind` as `subject`'s `predicate`, with its (predicate, object) facts."""
    node = BNode()
    g.add((subject, predicate, node))
    g.add((node, RDF.type, kind))
    for fact in facts:
        g.add((node, *fact))
    return node


def _languages(value: Any) -> list[str]:
    values = value if isinstance(value, list) else str(value or "").replace(";", ",").split(",")
    return [v.strip() for v in values if str(v).strip()]


# ---- the dataset's fields ----------------------------------------------------------------

def _description(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    # DCAT-AP makes a description mandatory; an old record without one is described by its title.
    if not any(g.objects(ref, DCT.description)) and d.get("title"):
        g.add((ref, DCT.description, Literal(d["title"])))


def _frequency(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    _set_term(g, ref, DCT.accrualPeriodicity, mapping.frequency_uri(d.get("update_frequency")))


def _language(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    g.remove((ref, DCT.language, None))
    for code in _languages(d.get("language")):
        uri = mapping.language_uri(code)
        if uri:
            g.add((ref, DCT.language, URIRef(uri)))
            g.add((URIRef(uri), RDF.type, DCT.LinguisticSystem))


def _theme(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    uri = mapping.theme_uri(d.get("topic"))
    if uri:
        g.add((ref, DCAT.theme, URIRef(uri)))
        g.add((URIRef(uri), RDF.type, SKOS.Concept))
        g.add((URIRef(uri), SKOS.prefLabel, Literal(mapping.theme_label(uri), lang="en")))
    topic = vocabularies.keyed("topics", "name").get(d.get("topic") or "")
    if topic:
        own = URIRef(mapping.topic_uri(topic["name"]))
        g.add((ref, DCAT.theme, own))
        g.add((own, RDF.type, SKOS.Concept))
        g.add((own, SKOS.inScheme, URIRef(mapping.TOPIC_SCHEME)))
        for lang in ("uk", "en"):
            g.add((own, SKOS.prefLabel, Literal(topic["title"][lang], lang=lang)))


def _list835(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    item = vocabularies.keyed("list835", "id").get(d.get("list835_item") or "")
    if not item:
        return
    _node(g, ref, DCT.conformsTo, DCT.Standard, (DCT.identifier, Literal(item["id"])),
          *((DCT.title, Literal(item["title"][lang], lang=lang)) for lang in ("uk", "en")),
          (DCT.isPartOf, URIRef(RESOLUTION_835)))


def _purpose(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    # The legal basis and purpose of collecting (passport field 5): why and under which act the data exist.
    text = (d.get("purpose_of_collecting_information") or "").strip()
    if text:
        _node(g, ref, DCT.provenance, DCT.ProvenanceStatement, (RDFS.label, Literal(text, lang="uk")))


def _current_as_of(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    # «Data current as of» (дата актуальності) is not the record's change date ckanext-dcat
    # writes as dct:modified: it travels as dct:valid, the date the data hold for.
    value = str(d.get("data_current_as_of") or "")[:10]
    if value:
        g.add((ref, DCT.valid, Literal(value, datatype=XSD.date)))


def _access_rights(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    if not d.get("private"):
        _set_term(g, ref, DCT.accessRights, PUBLIC_ACCESS)


def _territory(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    code = (d.get("territory") or "").strip()
    if not code:
        return
    _node(g, ref, DCT.spatial, DCT.Location, (SKOS.notation, Literal(code)),
          (SKOS.inScheme, Literal(KATOTTG_SCHEME)))


def _temporal(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    # euro_dcat_ap_3 reads temporal_start/temporal_end already; make sure there is one period.
    for old in list(g.objects(ref, DCT.temporal)):
        g.remove((old, None, None))
    g.remove((ref, DCT.temporal, None))
    start, end = d.get("temporal_start"), d.get("temporal_end")
    if not (start or end):
        return
    _node(g, ref, DCT.temporal, DCT.PeriodOfTime, *((predicate, Literal(str(value)[:10], datatype=XSD.date))
                                                   for predicate, value in ((DCAT.startDate, start),
                                                                            (DCAT.endDate, end)) if value))


def _contact_point(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    # The standard profile made a vcard:Organization of the maintainer; DCAT-AP's range is vcard:Kind.
    for contact in g.objects(ref, DCAT.contactPoint):
        g.add((contact, RDF.type, VCARD.Kind))


def _publisher(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    organization = d.get("organization") if isinstance(d.get("organization"), dict) else {}
    for agent in g.objects(ref, DCT.publisher):
        g.add((agent, RDF.type, FOAF.Agent))
        if organization.get("title") and not any(g.objects(agent, FOAF.name)):
            g.add((agent, FOAF.name, Literal(organization["title"], lang="uk")))
        edrpou = organization.get("edrpou")
        if edrpou:
            _node(g, agent, ADMS.identifier, ADMS.Identifier, (SKOS.notation, Literal(edrpou)),
                  (DCT.creator, URIRef(EDRPOU_SCHEME)))


def _distributions(g: Graph, ref: Any, d: dict[str, Any]) -> None:
    resources = [r for r in d.get("resources") or [] if r.get("id")]
    structures = [URIRef(resource_uri(r)) for r in resources if r.get("resource_role") == "structure"]
    licence = _licence_uri(d)
    for resource in resources:
        distribution = URIRef(resource_uri(resource))
        _set_term(g, distribution, DCT["format"], mapping.file_type_uri(resource.get("format")))
        _set_term(g, distribution, DCAT.mediaType, mapping.media_type_uri(resource.get("format")))
        if licence:
            _set_term(g, distribution, DCT.license, licence)
        if resource.get("url", "").startswith(("http://", "https://")) and resource.get("format") != "API" \
                and not any(g.objects(distribution, DCAT.downloadURL)):
            g.add((distribution, DCAT.downloadURL, URIRef(resource["url"])))
        if resource.get("resource_role") in DATA_ROLES:
            for structure in structures:
                g.add((distribution, DCT.conformsTo, structure))
                g.add((structure, RDF.type, DCT.Standard))


def _licence_uri(d: dict[str, Any]) -> str | None:
    url = d.get("license_url") or ""
    return url if url.startswith(("http://", "https://")) else None


DATASET_FIELDS: tuple[Callable[[Graph, Any, dict[str, Any]], None], ...] = (
    _description, _language, _frequency, _purpose, _current_as_of, _list835, _access_rights, _theme, _territory,
    _temporal, _contact_point, _publisher, _distributions,
)


def dataset(g: Graph, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
    for add in DATASET_FIELDS:
        add(g, dataset_ref, dataset_dict)


# ---- the catalogue ---------------------------------------------------------------------

def catalog(g: Graph, catalog_ref: Any) -> None:
    _set_term(g, catalog_ref, DCT.language, mapping.language_uri(config.get("ckan.locale_default") or "uk"))
    for homepage in g.objects(catalog_ref, FOAF.homepage):
        g.add((homepage, RDF.type, FOAF.Document))
    if not any(g.objects(catalog_ref, DCT.publisher)):
        operator = URIRef(config.get("ckan.site_url").rstrip("/") + "/#operator")
        g.add((catalog_ref, DCT.publisher, operator))
        g.add((operator, RDF.type, FOAF.Agent))
        g.add((operator, FOAF.name, Literal(config.get("ckan.site_title") or "", lang="uk")))
