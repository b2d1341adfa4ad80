"""The passport read back from our own DCAT graph, without HTTP: a dataset dict → our graph
(ckanext-dcat's RDFSerializer with the configured profiles) → RDFParser → the same passport
values; and the parse of values this portal does not know (kept for the harvest to report)."""
from __future__ import annotations

import pytest
import rdflib
from ckanext.dcat.processors import RDFParser, RDFSerializer

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.dcat import parse
from tests.factories import SAMPLE_PASSPORT, SAMPLE_RESOURCES, PassportDataset

# What the export carries today and the parse gives back unchanged.
ROUND_TRIP = ("title", "notes", "language", "update_frequency", "maintainer", "maintainer_email", "license_id",
              "list835_item", "topic", "territory", "temporal_start", "temporal_end", "version")
EU = "http://publications.europa.eu/resource/authority/"


def parsed_back(dataset):
    turtle = RDFSerializer().serialize_dataset(dataset, _format="turtle")
    parser = RDFParser()
    parser.parse(turtle, _format="turtle")
    [back] = list(parser.datasets())
    return back


@pytest.fixture
def original(clean_db):
    dataset = PassportDataset(**SAMPLE_PASSPORT, resources=SAMPLE_RESOURCES)
    return tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["id"]})


def test_the_passport_comes_back_from_our_graph(original):
    back = parsed_back(original)
    assert {f: back.get(f) for f in ROUND_TRIP} == {f: original.get(f) for f in ROUND_TRIP}
    publisher = next(e["value"] for e in back["extras"] if e["key"] == "publisher_edrpou")
    assert publisher == original["organization"]["edrpou"]


def test_formats_and_the_structure_distribution_come_back(original):
    back = parsed_back(original)
    roles = {r["url"]: (r.get("format"), r.get("resource_role")) for r in back["resources"]}
    assert roles["https://data.example/stops.csv"] == ("CSV", "data")
    assert roles["https://data.example/stops-structure.json"][1] == "structure"  # by the data's dct:conformsTo


def test_a_topic_that_shares_its_eu_theme_comes_back_by_its_own_term(original):
    """podatky and derzhava are both GOVE: the data.gov.ua group beside the EU theme tells them apart."""
    back = parsed_back({**original, "topic": "podatky"})
    assert back.get("purpose_of_collecting_information") == original["purpose_of_collecting_information"]
    assert back.get("topic") == "podatky"


def graph_of(turtle):
    graph = rdflib.Graph()
    graph.parse(data="@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
                     + turtle, format="turtle")
    return graph, rdflib.URIRef("https://x.example/d")


def test_unknown_terms_are_kept_for_the_harvest_to_report():
    graph, ref = graph_of(f"""<https://x.example/d> a dcat:Dataset ;
        dct:accrualPeriodicity <{EU}frequency/BIHOURLY> ; dct:language <{EU}language/FRA> ;
        dct:license <https://example.org/my-licence> .""")
    back = parse.parse_passport({"extras": [], "resources": []}, graph, ref)
    assert back["update_frequency"] == f"{EU}frequency/BIHOURLY"
    assert back["language"] == f"{EU}language/FRA"
    assert back["license_id"] == "https://example.org/my-licence"


def test_eu_codes_the_tables_lack_are_read_through_the_passport_readers():
    graph, ref = graph_of(f"""<https://x.example/d> a dcat:Dataset ; dct:accrualPeriodicity <{EU}frequency/WEEKLY> ;
        dct:language <{EU}language/UKR>, <{EU}language/ENG> ;
        dct:license <http://creativecommons.org/licenses/by/4.0> .""")
    back = parse.parse_passport({"extras": [], "resources": []}, graph, ref)
    assert (back["update_frequency"], back["language"], back["license_id"]) == ("once a week", "mul", "cc-by")


def test_an_empty_or_odd_dataset_parses_to_nothing_without_failing():
    graph, ref = graph_of("""<https://x.example/d> a dcat:Dataset ; dct:spatial "Десь" ; dct:conformsTo [ ] ;
        dct:publisher [ dct:identifier "12345678" ] .""")
    back = parse.parse_passport({"extras": [], "resources": [{"url": "https://x.example/f"}]}, graph, ref)
    assert not any(back.get(f) for f in ROUND_TRIP)
    assert {"key": "publisher_edrpou", "value": "12345678"} in back["extras"]  # invalid: the harvest reports it
