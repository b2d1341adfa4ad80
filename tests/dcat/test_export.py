"""The DCAT-AP 3 export: the endpoints, every passport field's triple, and what stays out
(use cases, harvest sources, private datasets), on old content too."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

from ckan import model
from ckan.lib.search import rebuild
from ckan.tests import factories

from ckanext.chervonohrad.dcat import mapping
from tests import legacy
from tests.dcat.shacl import violations
from tests.factories import SAMPLE_PASSPORT, SAMPLE_RESOURCES, PassportDataset, Publisher

ADMS = rdflib.Namespace("http://www.w3.org/ns/adms#")
EU = mapping.EU


def graph(app, path, status=200):
    page = app.get(path, status=status)
    return rdflib.Graph().parse(data=page.body, format="turtle") if status == 200 else page


def node(g, dataset_id):
    return next(s for s in g.subjects(RDF.type, DCAT.Dataset) if str(s).endswith(dataset_id))


@pytest.fixture
def published(clean_db, clean_index):
    org = Publisher(edrpou="44138276")
    return PassportDataset(owner_org=org["id"], **SAMPLE_PASSPORT, resources=SAMPLE_RESOURCES)


def test_every_passport_field_has_its_triple(app, published):
    g = graph(app, f"/dataset/{published['name']}.ttl")
    ref = node(g, published["id"])
    assert g.value(ref, DCTERMS.accrualPeriodicity) == rdflib.URIRef(EU + "frequency/QUARTERLY")
    assert set(g.objects(ref, DCTERMS.language)) == {rdflib.URIRef(EU + "language/UKR")}
    assert set(g.objects(ref, DCAT.theme)) == {rdflib.URIRef(EU + "data-theme/TRAN"),
                                               rdflib.URIRef("https://data.gov.ua/group/transport")}
    assert str(g.value(rdflib.URIRef("https://data.gov.ua/group/transport"), SKOS.prefLabel)) in {
        "Інфраструктура і транспорт", "Infrastructure and transport"}
    standard = g.value(ref, DCTERMS.conformsTo)
    assert str(g.value(standard, DCTERMS.identifier)) == "lsg-public-transport-stops"
    assert str(g.value(g.value(ref, DCTERMS.spatial), SKOS.notation)) == SAMPLE_PASSPORT["territory"]
    period = g.value(ref, DCTERMS.temporal)
    assert (str(g.value(period, DCAT.startDate)), str(g.value(period, DCAT.endDate))) == ("2026-01-01", "2026-09-30")
    assert "Про автомобільний транспорт" in str(g.value(g.value(ref, DCTERMS.provenance), rdflib.RDFS.label))
    assert g.value(ref, DCTERMS.accessRights) == rdflib.URIRef(EU + "access-right/PUBLIC")
    contact = g.value(ref, DCAT.contactPoint)
    assert str(g.value(contact, rdflib.URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))) == \
        "mailto:transport@sheptytskyi.example"
    publisher = g.value(ref, DCTERMS.publisher)
    assert str(g.value(g.value(publisher, ADMS.identifier), SKOS.notation)) == "44138276"
    assert (publisher, RDF.type, FOAF.Agent) in g


def test_distributions_carry_formats_licence_and_structure(app, published):
    g = graph(app, f"/dataset/{published['name']}.ttl")
    by_title = {str(g.value(d, DCTERMS.title)): d for d in g.objects(node(g, published["id"]), DCAT.distribution)}
    data, structure, api = by_title["Зупинки"], by_title["Структура"], by_title["API"]
    assert g.value(data, DCTERMS["format"]) == rdflib.URIRef(EU + "file-type/CSV")
    assert g.value(data, DCAT.mediaType) == rdflib.URIRef(mapping.IANA + "text/csv")
    assert g.value(data, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(data, DCTERMS.conformsTo) == structure and g.value(api, DCTERMS.conformsTo) == structure
    assert g.value(structure, DCTERMS.conformsTo) is None
    assert g.value(api, DCTERMS["format"]) is None and g.value(api, DCAT.downloadURL) is None


@pytest.mark.parametrize("fmt", ["ttl", "rdf", "jsonld"])
def test_the_catalogue_in_each_format(app, published, fmt):
    page = app.get(f"/catalog.{fmt}")
    assert page.status_code == 200
    parsed = rdflib.Graph().parse(data=page.body, format={"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}[fmt])
    assert len(set(parsed.subjects(RDF.type, DCAT.Dataset))) == 1
    catalog = next(parsed.subjects(RDF.type, DCAT.Catalog))
    assert parsed.value(catalog, DCTERMS.language) == rdflib.URIRef(EU + "language/UKR")
    assert parsed.value(catalog, DCTERMS.publisher) is not None


def test_use_cases_harvest_sources_and_private_datasets_stay_out(app, published):
    org = Publisher()
    private = PassportDataset(owner_org=org["id"], private=True)
    # A use case and a harvest source as stored packages (their own forms are tested in their rooms).
    use_case = model.Package(name="mapa-zupynok", title="Мапа зупинок", type="showcase", state="active")
    source = model.Package(name="dzherelo", title="Джерело", type="harvest", state="active")
    model.Session.add_all([use_case, source])
    model.Session.commit()
    rebuild(use_case.id)
    rebuild(source.id)
    g = graph(app, "/catalog.ttl")
    listed = {str(s) for s in g.subjects(RDF.type, DCAT.Dataset)}
    assert listed == {str(node(g, published["id"]))}
    assert private["id"] not in " ".join(listed)
    admin = {"Authorization": factories.SysadminWithToken()["token"]}  # one who may see every package
    for package in (use_case, source):
        assert app.get(f"/dataset/{package.name}.ttl", headers=admin, status=404).status_code == 404
    assert app.get(f"/dataset/{private['name']}.ttl", status=403).status_code == 403


def test_old_content_gives_a_valid_graph_without_guesses(app, clean_db, clean_index):
    old = legacy.dataset(legacy.organization()["id"], update_frequency="щомісяця", language="українська",
                         resources=({"url": "https://data.example/old.xls", "format": "Excel 97"},))
    g = graph(app, f"/dataset/{old['name']}.ttl")
    ref = node(g, old["id"])
    assert g.value(ref, DCTERMS.accrualPeriodicity) is None and g.value(ref, DCTERMS.language) is None
    distribution = g.value(ref, DCAT.distribution)
    assert g.value(distribution, DCTERMS["format"]) is None
    assert violations(g) == []


def test_an_unknown_dataset_is_404(app, clean_db):
    assert app.get("/dataset/nemaie-takoho.ttl", status=404).status_code == 404
