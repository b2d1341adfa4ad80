"""End to end, ckanext-dcat's `dcat_rdf` harvester: this portal's /catalog.ttl (our DCAT-AP profile)
of datasets with complete passports, served by the second portal the harvest tests start (as a file
it hosts: "a catalogue in this profile from another portal"), harvested back into the 835 schema.
The originals are purged before the harvest; the copies carry the same passport values, land with
the publisher the catalogue names (by EDRPOU), are scored, and a second harvest updates them.

The module lives with the harvest tests (not tests/dcat/) because it shares their source portal:
one portal per session, on the xdist worker that runs the harvest tests (tests/conftest.py)."""
from __future__ import annotations

import json

import pytest
import rdflib
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestObject
from ckanext.harvest.tests.lib import run_harvest_job

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests.helpers import _get_test_app

from tests.factories import SAMPLE_PASSPORT, SAMPLE_RESOURCES, PassportDataset, Publisher
from tests.harvest import helpers

# The passport fields dcat/export.py writes today (the legal basis and the data's date not yet).
PASSPORT_FIELDS = ("title", "notes", "language", "update_frequency", "maintainer", "maintainer_email",
                   "license_id", "list835_item", "topic", "territory", "temporal_start", "temporal_end", "version")
# Carried as dct:provenance and dct:valid (dcat/export.py).
ALSO_CARRIED = ("purpose_of_collecting_information", "data_current_as_of")
CATALOGUE_DATASET = "dcat-catalogue-of-another-portal"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
INCOMPLETE = rdflib.URIRef("https://another.example/dataset/bez-pasporta")

SECOND = {  # a second original with other values than the sample's
    "title": "Бюджет громади за програмами", "notes": "Планові та фактичні показники.",
    "language": "en", "update_frequency": "once a month", "license_id": "cc-zero",
    "purpose_of_collecting_information": "Бюджетний кодекс України.", "maintainer": "Мельник Ірина",
    "maintainer_email": "finance@dcat.example", "topic": "ekonomika", "territory": "UA46120130000026331",
    "data_current_as_of": "2026-10-01", "version": "2.1",
}


def create_source(name, url, owner_org, config):
    return tk.get_action("harvest_source_create")(helpers.sysadmin_context(), {
        "name": name, "title": name, "url": url, "source_type": "dcat_rdf", "owner_org": owner_org,
        "frequency": "MANUAL", "config": json.dumps(config)})


def run(source):
    job = tk.get_action("harvest_job_create")(helpers.sysadmin_context(), {"source_id": source["id"], "run": False})
    run_harvest_job(HarvestJob.get(job["id"]), queue.get_harvester("dcat_rdf"))
    model.Session.remove()
    job = tk.get_action("harvest_job_show")(helpers.sysadmin_context(), {"id": job["id"]})
    report = tk.get_action("harvest_job_report")(helpers.sysadmin_context(), {"id": job["id"]})
    objects = {o.guid: o for o in model.Session.query(HarvestObject).filter_by(harvest_job_id=job["id"])}
    return job, report, objects


def with_incomplete_dataset(turtle: str) -> bytes:
    """The catalogue with one more dataset that has a title and nothing else of the passport."""
    graph = rdflib.Graph()
    graph.parse(data=turtle, format="turtle")
    catalogue = next(graph.subjects(rdflib.RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCAT.dataset, INCOMPLETE))
    graph.add((INCOMPLETE, rdflib.RDF.type, DCAT.Dataset))
    graph.add((INCOMPLETE, DCT.title, rdflib.Literal("Набір без паспорта", lang="uk")))
    return graph.serialize(format="turtle").encode("utf-8")


@pytest.fixture(scope="module")
def world(reset_portal_db, source):
    from ckan.lib.search import clear_all

    reset_portal_db()
    clear_all()  # this worker's index: the catalogue is what the search finds
    first_publisher = Publisher(name="dcat-publisher-a")
    second_publisher = Publisher(name="dcat-publisher-b")
    home = Publisher(name="dcat-harvest-home")
    originals = [
        PassportDataset(name="dcat-zupynky", owner_org=first_publisher["id"], **SAMPLE_PASSPORT,
                        resources=SAMPLE_RESOURCES),
        PassportDataset(name="dcat-biudzhet", owner_org=second_publisher["id"], **SECOND),
    ]
    originals = [helpers.local(d["id"]) for d in originals]
    answer = _get_test_app().get("/catalog.ttl")
    assert answer.status_code == 200
    turtle = answer.get_data(as_text=True)
    for dataset in originals:
        tk.get_action("dataset_purge")(helpers.sysadmin_context(), {"id": dataset["id"]})
    organization = source.action("organization_list")[0]
    url = source.publish_file(CATALOGUE_DATASET, organization, "catalog.ttl", with_incomplete_dataset(turtle))
    harvest_source = create_source("another-portal-dcat", url, home["id"],
                                   {"rdf_format": "turtle", "publisher_by_edrpou": True})
    first = run(harvest_source)
    yield {"originals": originals, "turtle": turtle, "source": harvest_source, "first": first, "home": home,
           "publishers": (first_publisher, second_publisher)}
    source.action("dataset_purge", id=CATALOGUE_DATASET)


def copies(world):
    """The harvested datasets by their original's name."""
    job, report, objects = world["first"]
    by_title = {}
    for obj in objects.values():
        if obj.package_id:
            dataset = helpers.local(obj.package_id)
            by_title[dataset["title"]] = dataset
    return {o["name"]: by_title.get(o["title"]) for o in world["originals"]}


def test_the_job_imports_every_dataset_of_the_catalogue(world):
    job, report, objects = world["first"]
    assert job["status"] == "Finished"
    assert report["gather_errors"] == []
    assert len(objects) == 3
    assert {o.report_status for o in objects.values()} == {"added"}


def test_the_copies_carry_the_originals_passport(world):
    for name, copy in copies(world).items():
        original = next(o for o in world["originals"] if o["name"] == name)
        assert copy is not None, name
        assert {f: copy.get(f) for f in PASSPORT_FIELDS} == {f: original.get(f) for f in PASSPORT_FIELDS}
        assert sorted(t["name"] for t in copy["tags"]) == sorted(t["name"] for t in original["tags"])
        # data and structure files (an API has no EU file type: the export leaves its format out)
        kept = [r for r in original["resources"] if r["resource_role"] in ("data", "structure")]
        assert sorted((r["url"], r["format"], r["resource_role"]) for r in copy["resources"]
                      if r["url"] in {k["url"] for k in kept}) == sorted(
            (r["url"], r["format"], r["resource_role"]) for r in kept)


def test_the_copies_are_public_with_the_whole_passport(world):
    for name, copy in copies(world).items():
        original = next(o for o in world["originals"] if o["name"] == name)
        assert {f: copy.get(f) for f in ALSO_CARRIED} == {f: original.get(f) for f in ALSO_CARRIED}
        assert copy["state"] == "active"


def test_each_copy_is_with_the_publisher_the_catalogue_names(world):
    found = copies(world)
    first, second = world["publishers"]
    assert found["dcat-zupynky"]["owner_org"] == first["id"]
    assert found["dcat-biudzhet"]["owner_org"] == second["id"]


def test_the_copies_are_scored(world):
    for copy in copies(world).values():
        quality = tk.get_action("chervonohrad_quality_show")({"ignore_auth": True}, {"id": copy["id"]})
        assert quality and quality.get("score") is not None, quality


def test_a_dataset_without_a_passport_is_a_draft_with_its_gaps_as_errors(world):
    job, report, objects = world["first"]
    obj = objects[str(INCOMPLETE)]
    draft = helpers.local(obj.package_id)
    assert draft["state"] == "draft"
    assert draft["owner_org"] == world["home"]["id"]  # no publisher named: the source's organization
    errors = "\n".join(helpers.errors_of(report, str(INCOMPLETE)))
    for field in ("update_frequency", "purpose_of_collecting_information", "maintainer_email"):
        assert field in errors


def test_a_second_harvest_updates_rather_than_duplicates(world):
    before = {name: copy["id"] for name, copy in copies(world).items()}
    job, report, objects = run(world["source"])
    assert job["status"] == "Finished"
    assert len(objects) == 3
    assert {o.report_status for o in objects.values()} <= {"updated", "not modified"}
    after = {helpers.local(o.package_id)["title"]: o.package_id for o in objects.values() if o.package_id}
    assert {world_name: after[o["title"]] for o in world["originals"] for world_name in [o["name"]]} == before
    count = model.Session.query(model.Package).filter(model.Package.type == "dataset",
                                                      model.Package.state != "deleted").count()
    assert count == 3


def test_another_source_cannot_take_over_the_datasets_by_naming_them(world, source):
    """A catalogue that names datasets another source harvested (their URIs) changes nothing."""
    intruder_home = Publisher(name="dcat-intruder")
    before = {c["id"]: (c["owner_org"], c["metadata_modified"]) for c in copies(world).values()}
    intruder = create_source("intruder-dcat", world["source"]["url"], intruder_home["id"],
                             {"rdf_format": "turtle", "publisher_by_edrpou": False})
    job, report, objects = run(intruder)
    assert len(objects) == 3
    for guid in objects:  # the refusal quotes the identifier (in the portal's language)
        assert guid in "\n".join(helpers.errors_of(report, guid)), guid
    after = {c["id"]: (c["owner_org"], c["metadata_modified"]) for c in copies(world).values()}
    assert after == before
