"""0 DCAT-AP 3 SHACL violations: a generated catalogue of 200 varied datasets (every frequency,
format, topic and language, optional fields missing, old values) as the export writes it.
Every demo dataset is checked in tests/demo/test_loader.py, where the demo is loaded."""
from __future__ import annotations

import itertools
import uuid

import pytest
import rdflib
from ckanext.dcat.processors import RDFSerializer

from ckanext.chervonohrad.dcat import mapping
from ckanext.chervonohrad.passport import vocabularies
from tests.dcat.shacl import violations
from tests.factories import SAMPLE_PASSPORT

SITE = "http://test.ckan.net"
OPTIONAL = ("topic", "territory", "temporal_start", "temporal_end", "list835_item", "maintainer_email",
            "purpose_of_collecting_information", "version")


def generated(n: int) -> list[dict]:
    frequencies = itertools.cycle([None, "щомісяця"] + list(mapping.FREQUENCY))
    formats = itertools.cycle(list(mapping.FORMAT) + ["Excel 97", ""])
    topics = itertools.cycle(list(mapping.THEME) + ["stara-tema"])
    languages = itertools.cycle(["uk", "en", "uk,en", "mul", "ukr", ""])
    items = itertools.cycle(list(vocabularies.keyed("list835", "id")) + ["none"])
    datasets = []
    for i in range(n):
        dataset_id = str(uuid.UUID(int=i + 1))
        dataset = dict(SAMPLE_PASSPORT, id=dataset_id, name=f"nabir-{i}", type="dataset", private=False,
                       update_frequency=next(frequencies), topic=next(topics), language=next(languages),
                       list835_item=next(items), metadata_created="2026-01-01T00:00:00",
                       metadata_modified="2026-11-01T00:00:00", tags=[{"name": "транспорт"}],
                       license_url="https://creativecommons.org/licenses/by/4.0/" if i % 7 else "",
                       organization={"id": f"org-{i % 9}", "name": f"org-{i % 9}", "title": f"Розпорядник {i % 9}",
                                     "edrpou": f"{40000000 + i % 9}" if i % 4 else None},
                       owner_org=f"org-{i % 9}")
        for key in OPTIONAL[: i % (len(OPTIONAL) + 1)]:
            dataset.pop(key)
        dataset["resources"] = [
            {"id": f"{dataset_id[:-3]}{r:03d}", "package_id": dataset_id, "url": f"https://data.example/{i}/{r}",
             "name": f"Ресурс {r}", "format": next(formats), "resource_role": role}
            for r, role in enumerate(["data", "structure", "api", None][: 1 + i % 4])]
        datasets.append(dataset)
    return datasets


@pytest.fixture(scope="module")
def catalogue():
    turtle = RDFSerializer().serialize_catalog({}, dataset_dicts=generated(200), _format="turtle")
    return rdflib.Graph().parse(data=turtle, format="turtle")


def test_a_catalogue_of_200_datasets_has_no_violations(catalogue):
    assert len(set(catalogue.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")))) == 200
    assert violations(catalogue) == []


def test_the_check_finds_a_broken_graph(catalogue):
    broken = rdflib.Graph() + catalogue
    dataset = next(broken.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")))
    broken.remove((dataset, rdflib.DCTERMS.description, None))
    broken.add((dataset, rdflib.DCTERMS.language, rdflib.Literal("uk")))
    found = violations(broken)
    assert any("description" in v for v in found) and any("language" in v for v in found)
