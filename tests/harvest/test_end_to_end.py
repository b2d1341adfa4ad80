"""End to end: a real second CKAN (config/source-portal.ini, data.gov.ua-shaped datasets) harvested
into this portal: mapped fields, drafts with their errors, idempotent re-harvests, an update and a
deletion at the source, the harvest pages, `ckan harvester run-test` and the Redis queues."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from ckanext.harvest.model import HarvestJob, HarvestObject

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories

from tests.factories import PassportDataset, Publisher
from tests.harvest import helpers, source_portal


@pytest.fixture(scope="module")
def world(reset_portal_db, source):
    """This portal with the two Sokal publishers (matched by EDRPOU), a home organization for
    the harvest source, a local dataset already named like a source one, and one harvest."""
    reset_portal_db()
    vykonkom = Publisher(name="local-sokal-vykonkom", edrpou="04056138")
    blahoustrii = Publisher(name="local-sokal-blahoustrii", edrpou="42961313")
    home = Publisher(name="harvest-home", edrpou="26162800")
    PassportDataset(name="sokal-ukryttia", owner_org=home["id"])
    harvest_source = helpers.create_source("sokal-ckan", source.url, home["id"],
                                           {"edrpou": ["04056138", "42961313"]})
    remote = {d["name"]: source.action("package_show", id=d["name"]) for d in source_portal.load_seed()["datasets"]}
    job, report, objects = helpers.run(harvest_source)
    return {"source": harvest_source, "vykonkom": vykonkom, "blahoustrii": blahoustrii, "home": home,
            "remote": remote, "first": (job, report, objects)}


def harvested(world, name):
    objects = world["first"][2]
    return helpers.local(objects[world["remote"][name]["id"]].package_id)


def test_first_harvest_takes_the_publishers_datasets_only(world):
    job, report, objects = world["first"]
    assert job["status"] == "Finished"
    assert set(objects) == {world["remote"][n]["id"] for n in
                            ("sokal-ukryttia", "sokal-biudzhet", "sokal-zeleni-nasadzhennia", "sokal-maidanchyky")}
    assert {o.report_status for o in objects.values()} == {"added"}
    assert report["gather_errors"] == []
    assert job["stats"]["added"] == 4


def test_complete_dataset_is_public_with_every_passport_field(world, source):
    dataset = harvested(world, "sokal-ukryttia")
    assert dataset["state"] == "active"
    assert dataset["name"] == "sokal-ukryttia1"  # the local name was taken
    assert dataset["owner_org"] == world["vykonkom"]["id"]  # by the publisher's EDRPOU
    assert dataset["title"] == "Укриття цивільного захисту Сокальської громади"
    assert dataset["update_frequency"] == "once a quarter"
    assert dataset["language"] == "uk"
    assert dataset["purpose_of_collecting_information"].startswith("Кодекс цивільного захисту")
    assert (dataset["maintainer"], dataset["maintainer_email"]) == ("Гнатюк Ольга Петрівна", "cz@sokal.example")
    assert dataset["license_id"] == "cc-by"
    assert sorted(t["name"] for t in dataset["tags"]) == ["укриття", "цивільний захист"]
    assert dataset["url"] == f"{source.url}/dataset/sokal-ukryttia"
    assert [(r["url"], r["format"], r["resource_role"]) for r in dataset["resources"]] == [
        ("https://sokal.example/data/ukryttia.csv", "CSV", "data"),
        ("https://sokal.example/data/ukryttia-structure.json", "JSON", "structure"),
    ]
    assert all(r.get("url_type") in (None, "") for r in dataset["resources"])
    assert dataset["organization"]["edrpou"] == "04056138"


def test_labels_at_the_source_become_codes(world):
    dataset = harvested(world, "sokal-biudzhet")
    assert dataset["state"] == "active"
    assert dataset["update_frequency"] == "once a month"  # «Щомісяця»
    assert dataset["language"] == "uk"  # «Українська»
    assert dataset["resources"][0]["format"] == "XLSX"


def test_incomplete_datasets_are_drafts_with_their_gaps_as_harvest_errors(world):
    job, report, objects = world["first"]
    zeleni = harvested(world, "sokal-zeleni-nasadzhennia")
    assert zeleni["state"] == "draft"
    assert zeleni["owner_org"] == world["blahoustrii"]["id"]
    errors = helpers.errors_of(report, world["remote"]["sokal-zeleni-nasadzhennia"]["id"])
    text = "\n".join(errors)
    for field in ("update_frequency", "purpose_of_collecting_information"):
        assert field in text
    assert len(errors) == 3  # two fields and the structure file

    maidanchyky = harvested(world, "sokal-maidanchyky")
    assert maidanchyky["state"] == "draft"
    assert "обʼєкти" in [t["name"] for t in maidanchyky["tags"]]
    text = "\n".join(helpers.errors_of(report, world["remote"]["sokal-maidanchyky"]["id"]))
    assert "щовівторка" in text and "update_frequency" in text and "maintainer_email" in text


def test_harvested_public_datasets_are_searchable(world):
    from ckan.lib.search import rebuild

    # The Solr core is shared with other test runs that may clear it: index these again first.
    for name in world["remote"]:
        if name != "inshyi-nabir":
            rebuild(harvested(world, name)["id"])
    found = tk.get_action("package_search")({"ignore_auth": True}, {
        "fq": f'owner_org:("{world["vykonkom"]["id"]}" OR "{world["blahoustrii"]["id"]}")', "rows": 50})
    names = {d["name"] for d in found["results"]}
    assert {"sokal-ukryttia1", "sokal-biudzhet"} <= names
    ukryttia = next(d for d in found["results"] if d["name"] == "sokal-ukryttia1")
    extras = {e["key"]: e["value"] for e in ukryttia.get("extras", [])}
    assert extras.get("harvest_source_id") == world["source"]["id"]  # ckanext-harvest's link, from the index
    assert "sokal-zeleni-nasadzhennia" not in names


def test_harvest_pages_show_progress_and_errors(world, app):
    admin = factories.SysadminWithToken()
    headers = {"Authorization": admin["token"]}
    page = app.get(f"/harvest/{world['source']['name']}", headers=headers)
    assert page.status_code == 200
    assert "sokal-biudzhet" in page.body
    page = app.get(f"/harvest/{world['source']['name']}/job/last", headers=headers)
    assert page.status_code == 200, page.body[:3000]
    assert "purpose_of_collecting_information" in page.body


def test_reharvest_without_changes_rewrites_nothing(world):
    before = {name: harvested(world, name)["metadata_modified"] for name in world["remote"]
              if name != "inshyi-nabir"}
    job, report, objects = helpers.run(world["source"])
    assert {o.report_status for o in objects.values()} == {"not modified"}
    after = {name: harvested(world, name)["metadata_modified"] for name in before}
    assert after == before
    # the drafts' gaps stay listed on the latest job
    assert helpers.errors_of(report, world["remote"]["sokal-zeleni-nasadzhennia"]["id"])


def test_changes_at_the_source_are_harvested(world, source):
    before = harvested(world, "sokal-ukryttia")
    source.action("package_patch", id="sokal-ukryttia", notes="Оновлений перелік укриттів.")
    zeleni = world["remote"]["sokal-zeleni-nasadzhennia"]
    source.action("package_patch", id=zeleni["id"], extras=[
        {"key": "language", "value": "ua"}, {"key": "update_frequency", "value": "once a year"},
        {"key": "purpose_of_collecting_information", "value": "Закон України «Про благоустрій населених пунктів»."}],
        resources=[*zeleni["resources"], {"name": "Структура набору даних", "format": "CSV",
                                          "url": "https://sokal.example/data/zeleni-structure.csv"}])
    try:
        job, report, objects = helpers.run(world["source"])
        statuses = {guid: o.report_status for guid, o in objects.items()}
        assert statuses[world["remote"]["sokal-ukryttia"]["id"]] == "updated"
        assert statuses[zeleni["id"]] == "updated"
        assert statuses[world["remote"]["sokal-biudzhet"]["id"]] == "not modified"
        after = harvested(world, "sokal-ukryttia")
        assert after["notes"] == "Оновлений перелік укриттів."
        assert [r["id"] for r in after["resources"]] == [r["id"] for r in before["resources"]]
        now_public = harvested(world, "sokal-zeleni-nasadzhennia")
        assert now_public["state"] == "active"
        assert now_public["update_frequency"] == "once a year"
        assert helpers.errors_of(report, zeleni["id"]) == []
    finally:
        source.seed()


def test_a_public_dataset_is_not_made_a_draft_by_a_worse_copy(world, source):
    remote = world["remote"]["sokal-biudzhet"]
    source.action("package_patch", id=remote["id"], extras=[{"key": "language", "value": "ua"}])
    try:
        job, report, objects = helpers.run(world["source"])
        assert objects[remote["id"]].report_status == "errored"
        assert harvested(world, "sokal-biudzhet")["state"] == "active"
        assert harvested(world, "sokal-biudzhet")["update_frequency"] == "once a month"
        assert any("sokal-biudzhet" in e for e in helpers.errors_of(report, remote["id"]))
    finally:
        source.seed()


def test_deletion_at_the_source_follows_the_configuration(world, source):
    remote = world["remote"]["sokal-biudzhet"]
    source.action("package_delete", id=remote["id"])
    try:
        helpers.run(world["source"])  # removed_datasets: keep (the default)
        assert harvested(world, "sokal-biudzhet")["state"] == "active"

        helpers.set_config(world["source"], {"edrpou": ["04056138", "42961313"], "removed_datasets": "delete"})
        job, report, objects = helpers.run(world["source"])
        deletions = [o for o in objects.values() if o.guid == remote["id"]]
        assert [o.report_status for o in deletions] == ["deleted"]
        assert harvested(world, "sokal-biudzhet")["state"] == "deleted"
        assert harvested(world, "sokal-ukryttia")["state"] == "active"
    finally:
        source.seed()
    # back at the source: the same local dataset returns
    job, report, objects = helpers.run(world["source"])
    assert objects[remote["id"]].report_status == "updated"
    assert harvested(world, "sokal-biudzhet")["state"] == "active"
    helpers.set_config(world["source"], {"edrpou": ["04056138", "42961313"]})


def _ini():
    from ckan.common import config

    return config["__file__"]


def test_ckan_harvester_run_test_command(world, source):
    source.action("package_patch", id="sokal-ukryttia", notes="Змінено для run-test.")
    try:
        done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", _ini(), "harvester",
                               "run-test", world["source"]["name"]], capture_output=True, text=True, timeout=300,
                              cwd=os.path.dirname(_ini()))
        assert done.returncode == 0, done.stderr[-3000:]
        model.Session.remove()
        assert harvested(world, "sokal-ukryttia")["notes"] == "Змінено для run-test."
    finally:
        source.seed()


def test_harvest_through_the_redis_queues(world, source):
    """The gather and fetch consumers as separate processes, fed through Redis."""
    from ckanext.harvest import queue

    queue.purge_queues()
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    consumers = [subprocess.Popen([ckan, "-c", _ini(), "harvester", f"{kind}-consumer"], cwd=os.path.dirname(_ini()),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for kind in ("gather", "fetch")]
    source.action("package_patch", id="sokal-ukryttia", notes="Змінено для черг.")
    try:
        job = tk.get_action("harvest_job_create")(helpers.sysadmin_context(), {"source_id": world["source"]["id"]})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(1)
            assert all(c.poll() is None for c in consumers), [c.stderr.read()[-2000:] for c in consumers]
            model.Session.remove()
            tk.get_action("harvest_jobs_run")(helpers.sysadmin_context(), {"source_id": world["source"]["id"]})
            if HarvestJob.get(job["id"]).status == "Finished":
                break
        model.Session.remove()
        finished = tk.get_action("harvest_job_show")(helpers.sysadmin_context(), {"id": job["id"]})
        assert finished["status"] == "Finished"
        statuses = {o.report_status for o in model.Session.query(HarvestObject).filter_by(harvest_job_id=job["id"])}
        assert "updated" in statuses
        assert harvested(world, "sokal-ukryttia")["notes"] == "Змінено для черг."
        status = tk.get_action("harvest_source_show_status")(helpers.sysadmin_context(), {"id": world["source"]["id"]})
        assert status["last_job"]["stats"].get("updated") == 1
    finally:
        for consumer in consumers:
            consumer.terminate()
        for consumer in consumers:
            try:
                consumer.wait(timeout=20)
            except subprocess.TimeoutExpired:
                consumer.kill()
        source.seed()
