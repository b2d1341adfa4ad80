"""The register of datasets on the crafted portal: rows against hand-computed values, the
CSV/JSON downloads, publication as a dataset and its regeneration by a background job."""
from __future__ import annotations

import csv
import io
import json

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib import uploader
from ckan.tests.helpers import call_action, call_auth

from ckanext.chervonohrad.reports import register, register_dataset
from tests.reports.conftest import OTHER_HROMADA


def site_url() -> str:
    return tk.config.get("ckan.site_url").rstrip("/")


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def uploaded(resource: dict) -> str:
    with open(uploader.get_resource_uploader(resource).get_path(resource["id"]), encoding="utf-8") as f:
        return f.read()


def register_files(name: str) -> dict[str, str]:
    """The register's own files (uploads; an adopted dataset keeps its other files too)."""
    pkg = call_action("package_show", id=name)
    return {r["resource_role"]: uploaded(r) for r in pkg["resources"] if r.get("url_type") == "upload"}


def run_queued_jobs() -> int:
    """Run what waits in the queue here, as a worker would (no ini path needed)."""
    jobs = ckan_jobs.get_queue().jobs
    for job in jobs:
        job.func(*job.args)
        job.delete()
    return len(jobs)


class TestRows:
    def test_rows_against_hand_computed_values(self, portal):
        rows = {r["identifier"]: r for r in call_action("chervonohrad_reports_register", publisher="finance")["rows"]}
        # Public, active datasets only: the draft and the private dataset are not listed.
        assert set(rows) == {portal[k]["id"] for k in ("budget", "tax", "misc")}
        assert rows[portal["budget"]["id"]] == {
            "identifier": portal["budget"]["id"], "title": "Бюджет громади",
            "description": "Планові та фактичні показники, оновлюються щомісяця.",
            "accrualPeriodicity": "Щомісяця", "keyword": "бюджет, фінанси",
            "purpose": "Бюджетний кодекс України; інформування мешканців громади.",
            "landingPage": site_url() + "/dataset/budget", "format": "CSV",
            "contactPointName": "Савчук Ірина Богданівна", "contactPointEmail": "finance@sheptytskyi.example",
            "publisherName": "Фінансове управління", "publisherIdentifier": "02317422"}
        # Formats of data and API resources (not the structure file), each once.
        tax = rows[portal["tax"]["id"]]
        assert (tax["format"], tax["accrualPeriodicity"]) == ("JSON, XLSX", "Щокварталу")

    def test_the_council_register_a_hromada_and_english_labels(self, portal):
        council = call_action("chervonohrad_reports_register")
        mine = {r["identifier"] for r in council["rows"]}
        expected = {portal[k]["id"] for k in ("budget", "tax", "misc", "structure", "water_budget")}
        assert expected <= mine and portal["stops"]["id"] not in mine  # the Solr-free query ignores others' data
        assert [c["name"] for c in council["columns"]] == list(register.KEYS)
        assert call_action("chervonohrad_reports_register", hromada=OTHER_HROMADA)["rows"] == []
        english = call_action("chervonohrad_reports_register", publisher="water", lang="en")["rows"]
        assert {r["accrualPeriodicity"] for r in english} == {"Once a month"}
        assert {r["publisherIdentifier"] for r in english} == {"26162800"}

    def test_csv_and_json_downloads_parse_and_match(self, portal, app):
        expected = call_action("chervonohrad_reports_register", publisher="finance")["rows"]
        response = app.get("/open-data/register.csv?publisher=finance")
        assert response.headers["Content-Type"].startswith("text/csv")
        assert read_csv(response.get_data(as_text=True)) == expected
        response = app.get("/open-data/register.json?publisher=finance")
        assert response.headers["Content-Type"].startswith("application/json")
        assert json.loads(response.get_data(as_text=True)) == expected
        english = json.loads(app.get("/en/open-data/register.json?publisher=finance").get_data(as_text=True))
        assert {r["accrualPeriodicity"] for r in english} == {"Once a month", "Once a quarter"}
        assert app.get("/open-data/register.csv?publisher=nobody").status_code == 404

    def test_structure_describes_every_column(self):
        structure = read_csv(register.structure_csv())
        assert [r["name"] for r in structure] == list(register.KEYS)
        assert all(r["title"] and r["description"] and r["datatype"] for r in structure)


@pytest.mark.usefixtures("clean_redis")
class TestPublication:
    def test_a_publishers_admin_publishes_it_as_a_dataset(self, portal):
        done = call_action("chervonohrad_reports_register_publish",
                           context={"user": portal["finance_admin"]["name"]}, publisher="finance")
        assert done["created"] is True and done["dataset"] == "finance-reiestr-naboriv-danykh"
        pkg = call_action("package_show", id=done["dataset"])
        assert (pkg["state"], pkg["private"], pkg["owner_org"], pkg["list835_item"]) == (
            "active", False, portal["finance"]["id"], "all-dataset-register")
        assert pkg["maintainer"] == "Савчук Ірина Богданівна"
        assert sorted(r["resource_role"] for r in pkg["resources"]) == ["data", "structure"]
        assert {r["url_type"] for r in pkg["resources"]} == {"upload"}
        files = register_files(done["dataset"])
        rows = read_csv(files["data"])
        # The finance department's three public datasets and the register itself.
        assert {r["identifier"] for r in rows} == {portal[k]["id"] for k in ("budget", "tax", "misc")} | {pkg["id"]}
        assert done["rows"] == 4
        assert [r["name"] for r in read_csv(files["structure"])] == list(register.KEYS)
        # It now fulfils the register item of the audit.
        finance = call_action("chervonohrad_reports_audit", publisher="finance")["publishers"][0]
        item = next(i for i in finance["items"] if i["id"] == "all-dataset-register")
        assert item["status"] == "published" and item["datasets"][0]["name"] == done["dataset"]
        # Publishing again regenerates the same dataset.
        again = call_action("chervonohrad_reports_register_publish", context={"user": "oblast-coordinator"},
                            publisher="finance")
        assert (again["created"], again["dataset"]) == (False, done["dataset"])
        assert model.Session.query(model.Package).filter(model.Package.name.like("finance-reiestr%")).count() == 1

    def test_who_may_publish(self, portal):
        for user in (portal["finance_editor"]["name"], None):
            with pytest.raises(tk.NotAuthorized):
                call_auth("chervonohrad_reports_register_publish", {"user": user}, publisher="finance")
        with pytest.raises(tk.NotAuthorized):  # an admin of finance is not one of water
            call_auth("chervonohrad_reports_register_publish", {"user": portal["finance_admin"]["name"]},
                      publisher="water")
        assert call_auth("chervonohrad_reports_register_publish", {"user": "oblast-coordinator"}, publisher="water")
        assert call_auth("chervonohrad_reports_register", {"user": None})

    def test_adopting_an_existing_dataset(self, portal):
        with pytest.raises(tk.ValidationError):
            call_action("chervonohrad_reports_register_publish", context={"user": "oblast-coordinator"},
                        publisher="finance", dataset="water-structure")
        done = call_action("chervonohrad_reports_register_publish", context={"user": "oblast-coordinator"},
                           publisher="finance", dataset="misc")
        assert (done["created"], done["dataset"]) == (False, "misc")
        assert call_action("package_show", id="misc")["list835_item"] == "all-dataset-register"
        assert len(read_csv(register_files("misc")["data"])) == 3

    def test_it_regenerates_after_a_metadata_change(self, portal):
        done = call_action("chervonohrad_reports_register_publish", context={"user": "oblast-coordinator"},
                           publisher="finance")
        assert ckan_jobs.get_queue().jobs == []  # its own writes queue nothing
        changed = call_action("package_patch", context={"user": "oblast-coordinator"}, id="budget",
                              title="Бюджет громади на 2027 рік")
        ckan_jobs.get_queue().empty()  # whatever the plugin's hook queued (see the next test)
        register_dataset.on_dataset_changed(changed)
        register_dataset.on_dataset_changed(changed)
        assert ckan_jobs.get_queue().jobs == []  # only once the change is committed
        model.Session.commit()
        assert [j.args for j in ckan_jobs.get_queue().jobs] == [[portal["finance"]["id"]]]
        register_dataset.enqueue(portal["finance"]["id"])  # a job still waiting is not queued twice
        assert len(ckan_jobs.get_queue().jobs) == 1
        assert run_queued_jobs() == 1
        titles = {r["title"] for r in read_csv(register_files(done["dataset"])["data"])}
        assert "Бюджет громади на 2027 рік" in titles and "Бюджет громади" not in titles
        assert ckan_jobs.get_queue().jobs == []  # the regeneration's own writes queue nothing
        assert register_dataset.regenerate(portal["finance"]["id"]) is False  # nothing changed since

        # A deletion: the hook receives only the id.
        call_action("package_delete", context={"user": "oblast-coordinator"}, id="misc")
        ckan_jobs.get_queue().empty()
        register_dataset.on_dataset_changed({"id": portal["misc"]["id"]})
        model.Session.commit()
        run_queued_jobs()
        ids = {r["identifier"] for r in read_csv(register_files(done["dataset"])["data"])}
        assert portal["misc"]["id"] not in ids and portal["budget"]["id"] in ids

    def test_a_rolled_back_change_queues_nothing_and_other_publishers_are_left_alone(self, portal):
        call_action("chervonohrad_reports_register_publish", context={"user": "oblast-coordinator"},
                    publisher="finance")
        ckan_jobs.get_queue().empty()
        register_dataset.on_dataset_changed({"id": portal["budget"]["id"], "owner_org": portal["finance"]["id"]})
        model.Session.rollback()
        model.Session.commit()
        register_dataset.on_dataset_changed({"id": portal["structure"]["id"], "owner_org": portal["water"]["id"]})
        model.Session.commit()
        assert ckan_jobs.get_queue().jobs == []

    @pytest.mark.ckan_config("ckanext.chervonohrad.register_regenerate_on_change", False)
    def test_nothing_is_queued_when_switched_off(self, portal):
        call_action("chervonohrad_reports_register_publish", context={"user": "oblast-coordinator"},
                    publisher="finance")
        register_dataset.on_dataset_changed({"id": portal["budget"]["id"], "owner_org": portal["finance"]["id"]})
        model.Session.commit()
        assert ckan_jobs.get_queue().jobs == []

    def test_the_dataset_hooks_queue_the_regeneration(self, portal):
        """Needs plugin.py to call register_dataset.on_dataset_changed from
        after_dataset_create/update/delete."""
        done = call_action("chervonohrad_reports_register_publish", context={"user": "oblast-coordinator"},
                           publisher="finance")
        call_action("package_patch", context={"user": "oblast-coordinator"}, id="tax", title="Податки 2027")
        assert [j.args for j in ckan_jobs.get_queue().jobs] == [[portal["finance"]["id"]]]
        run_queued_jobs()
        assert "Податки 2027" in {r["title"] for r in read_csv(register_files(done["dataset"])["data"])}
