"""The MQA points of hand-built DCAT graphs: each indicator on and off, 405 at most, 0 for nothing."""
from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, XSD

from ckanext.chervonohrad.dcat import mqa

EU = "http://publications.europa.eu/resource/authority/"
DATASET = URIRef("https://portal.example/dataset/1")
DIST = URIRef("https://portal.example/dataset/1/resource/a")
ACCESS = URIRef("https://files.example/a")
DOWNLOAD = URIRef("https://files.example/a.csv")
FLAGS = {"CSV": {"machine_readable": True, "non_proprietary": True},
         "XLSX": {"machine_readable": True, "non_proprietary": False},
         "PDF": {"machine_readable": False, "non_proprietary": False}}


def complete() -> Graph:
    g = Graph()
    g.add((DATASET, DCAT.keyword, Literal("бюджет")))
    g.add((DATASET, DCAT.theme, URIRef(EU + "data-theme/ECON")))
    g.add((DATASET, DCTERMS.spatial, BNode()))
    g.add((DATASET, DCTERMS.temporal, BNode()))
    g.add((DATASET, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
    g.add((DATASET, DCAT.contactPoint, BNode()))
    g.add((DATASET, DCTERMS.publisher, URIRef("https://portal.example/organization/1")))
    g.add((DATASET, DCTERMS.issued, Literal("2026-01-01", datatype=XSD.date)))
    g.add((DATASET, DCTERMS.modified, Literal("2026-02-01", datatype=XSD.date)))
    g.add((DATASET, DCAT.distribution, DIST))
    g.add((DIST, DCAT.accessURL, ACCESS))
    g.add((DIST, DCAT.downloadURL, DOWNLOAD))
    g.add((DIST, DCTERMS.format, URIRef(EU + "file-type/CSV")))
    g.add((DIST, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/csv")))
    g.add((DIST, DCTERMS.license, URIRef(EU + "licence/CC_BY_4_0")))
    g.add((DIST, DCTERMS.rights, BNode()))
    g.add((DIST, DCAT.byteSize, Literal(100, datatype=XSD.nonNegativeInteger)))
    return g


ALL_UP = {str(ACCESS): True, str(DOWNLOAD): True}


def points(graph: Graph, **kwargs) -> dict[str, float]:
    kwargs.setdefault("reachable", ALL_UP)
    kwargs.setdefault("dcat_ap_compliant", True)
    kwargs.setdefault("format_flags", FLAGS)
    result = mqa.assess(graph, DATASET, **kwargs)
    return {i.key: i.points for d in result.dimensions for i in d.indicators} | {"total": result.points}


def test_the_table_sums_to_the_methods_maxima():
    maxima = {}
    for dimension, max_points, _ in mqa.INDICATORS.values():
        maxima[dimension] = maxima.get(dimension, 0) + max_points
    assert maxima == {"findability": 100, "accessibility": 100, "interoperability": 110,
                      "reusability": 75, "contextuality": 20}
    assert mqa.MAX_POINTS == 405


def test_a_complete_graph_reaches_405_and_excellent():
    result = mqa.assess(complete(), DATASET, reachable=ALL_UP, dcat_ap_compliant=True, format_flags=FLAGS)
    assert result.points == 405 and result.rating == "excellent" and result.compliance_checked
    assert [(d.key, d.points, d.max_points) for d in result.dimensions] == [
        ("findability", 100, 100), ("accessibility", 100, 100), ("interoperability", 110, 110),
        ("reusability", 75, 75), ("contextuality", 20, 20)]


def test_an_empty_graph_scores_nothing():
    result = mqa.assess(Graph(), DATASET)
    assert result.points == 0 and result.rating == "bad" and not result.compliance_checked


# indicator → the triples whose removal turns it off
REMOVED = {
    "keyword": (DATASET, DCAT.keyword), "theme": (DATASET, DCAT.theme), "spatial": (DATASET, DCTERMS.spatial),
    "temporal": (DATASET, DCTERMS.temporal), "download_url": (DIST, DCAT.downloadURL),
    "format": (DIST, DCTERMS.format), "media_type": (DIST, DCAT.mediaType), "licence": (DIST, DCTERMS.license),
    "access_rights": (DATASET, DCTERMS.accessRights), "contact_point": (DATASET, DCAT.contactPoint),
    "publisher": (DATASET, DCTERMS.publisher), "rights": (DIST, DCTERMS.rights),
    "byte_size": (DIST, DCAT.byteSize), "issued": (DATASET, DCTERMS.issued),
    "modified": (DATASET, DCTERMS.modified),
}


@pytest.mark.parametrize("key", sorted(REMOVED))
def test_each_property_off_loses_its_points(key):
    graph = complete()
    graph.remove((*REMOVED[key], None))
    got = points(graph)
    assert got[key] == 0
    assert got["total"] < 405


def test_accessibility_follows_the_link_checks():
    got = points(complete(), reachable={str(ACCESS): True, str(DOWNLOAD): False})
    assert (got["access_url_reachable"], got["download_url_reachable"]) == (50, 0)
    unchecked = points(complete(), reachable={})
    assert (unchecked["access_url_reachable"], unchecked["download_url_reachable"]) == (0, 0)


def test_compliance_is_the_callers_answer():
    assert points(complete(), dcat_ap_compliant=False)["dcat_ap_compliance"] == 0
    assert mqa.assess(complete(), DATASET, dcat_ap_compliant=None).compliance_checked is False


def test_vocabularies():
    graph = complete()
    graph.set((DIST, DCTERMS.format, Literal("CSV")))
    graph.set((DIST, DCAT.mediaType, Literal("text/csv")))
    graph.set((DIST, DCTERMS.license, URIRef("https://example.org/my-licence")))
    graph.set((DATASET, DCTERMS.accessRights, Literal("public")))
    got = points(graph)
    assert got["format_vocabulary"] == 0 and got["format"] == 20 and got["media_type"] == 10
    assert got["machine_readable"] == 20  # a literal format is still known by its code
    assert got["licence_vocabulary"] == 0 and got["licence"] == 20
    assert got["access_rights_vocabulary"] == 0 and got["access_rights"] == 10
    assert points(graph, known_licences=("https://example.org/my-licence",))["licence_vocabulary"] == 10
    half = complete()
    half.set((DIST, DCAT.mediaType, Literal("text/csv")))
    assert points(half)["format_vocabulary"] == 5


@pytest.mark.parametrize("fmt, machine, open_", [("CSV", 20, 20), ("XLSX", 20, 0), ("PDF", 0, 0)])
def test_machine_readable_and_non_proprietary_come_from_the_format_table(fmt, machine, open_):
    graph = complete()
    graph.set((DIST, DCTERMS.format, URIRef(EU + f"file-type/{fmt}")))
    graph.remove((DIST, DCAT.mediaType, None))
    got = points(graph)
    assert (got["machine_readable"], got["non_proprietary"]) == (machine, open_)


def test_interoperability_counts_the_best_distribution_and_accessibility_the_share():
    graph = complete()
    worse = URIRef("https://portal.example/dataset/1/resource/b")
    graph.add((DATASET, DCAT.distribution, worse))
    graph.add((worse, DCAT.accessURL, URIRef("https://files.example/b")))
    got = points(graph)
    assert got["format"] == 20 and got["machine_readable"] == 20  # the CSV distribution counts
    assert got["access_url_reachable"] == 25 and got["download_url"] == 10 and got["byte_size"] == 2.5


@pytest.mark.parametrize("total, band", [(405, "excellent"), (351, "excellent"), (350.9, "good"), (221, "good"),
                                         (220, "sufficient"), (121, "sufficient"), (120.5, "bad"), (0, "bad")])
def test_rating_bands(total, band):
    assert mqa.rating(total) == band
