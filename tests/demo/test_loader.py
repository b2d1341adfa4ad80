"""The demo loads through the action API into real PostgreSQL, Solr and file storage, and gives
every chart and table of the dashboard and the audit something to show.

A load takes ~20 s, so the module loads once (`loaded`) and runs on one xdist worker (the "demo"
group, tests/conftest.py): the tests that only read come first, then TestDemoReload loads again
over it, last."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import uuid

import pytest
import requests
from ckanext.dcat.processors import RDFSerializer

from ckan import model
from ckan.lib.uploader import get_resource_uploader
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.demo import loader, materials, news, showcase
from ckanext.chervonohrad.materials import seed as materials_seed
from ckanext.chervonohrad.passport import rules
from tests.dcat.shacl import violations

# Today, as an operator's load counts from: the reports' figures (overdue, due dates, months of
# the dashboard) are counted from the real date.
NOW = dt.datetime.utcnow()


def search_all(**params):
    """package_search as the demo's sysadmin, drafts included."""
    return call_action("package_search", context={"user": loader.SYSADMIN["name"]}, include_drafts=True, **params)


@pytest.fixture
def demo():
    return loader.read_demo()


@pytest.fixture(scope="module")
def loaded(reset_portal_db, reset_index):
    """One load, on an empty portal, for the whole module."""
    reset_portal_db()
    reset_index()
    return loader.load(now=NOW)


class TestDemoLoad:
    def test_counts_match_the_file(self, demo, loaded):
        assert loaded == {
            "users": len(demo["users"]),
            "officers": len(demo["council_officers"]),
            "organizations": len(demo["organizations"]),
            "datasets": len(demo["datasets"]),
            "applications": len(demo["applications"]),
            "snapshots": len(demo["quality"]["snapshots"]),
            "feedback": len(demo["feedback"]),
            "suggestions": len(demo["suggestions"]),
            "showcases": len(showcase.read()["showcases"]),
            "news": len(news.read()["news"]),
            "materials": len(materials_seed.read()) + len(materials.read()["files"]),
        }
        assert search_all(rows=0)["count"] == len(demo["datasets"])

    def test_three_hromadas_with_publishers_and_officers(self, demo, loaded):
        hromadas = {row["code"]: row for row in call_action("chervonohrad_hromada_list")}
        named = {entry["hromada"] for entry in demo["council_officers"]}
        assert len(named) == 3
        for code in named:
            assert hromadas[code]["publishers"] >= 1
        officers = call_action("chervonohrad_hromada_officer_list", context={"user": loader.SYSADMIN["name"]})
        assert {(o["hromada"], o["user"]) for o in officers} == {
            (entry["hromada"], entry["user"]) for entry in demo["council_officers"]}

    def test_complete_passports_are_public_and_incomplete_ones_drafts(self, demo, loaded):
        drafts = []
        for entry in demo["datasets"]:
            pkg = call_action("package_show", id=entry["name"])
            gaps = rules.missing_for_publication(pkg)
            assert pkg["state"] == ("draft" if gaps else "active"), (entry["name"], gaps)
            if gaps:
                drafts.append(entry["name"])
        # The demo keeps three deliberately incomplete datasets (see demo.yaml's source).
        assert len(drafts) == 3
        public = call_action("package_search", rows=100)["results"]
        assert len(public) == len(demo["datasets"]) - 3
        assert not set(drafts) & {d["name"] for d in public}

    def test_one_application_waits_and_one_is_approved(self, demo, loaded):
        admin = {"user": loader.SYSADMIN["name"]}
        found = call_action("chervonohrad_registration_application_list", context=admin)["results"]
        assert sorted(a["state"] for a in found) == ["approved", "submitted"]
        approved = [a for a in found if a["state"] == "approved"][0]
        assert call_action("organization_show", id=approved["organization"])["edrpou"] == approved["edrpou"]

    def test_sysadmin_exists(self, loaded):
        assert model.User.get(loader.SYSADMIN["name"]).sysadmin

    def test_publishers_have_their_users(self, demo, loaded):
        for user in (u for u in demo["users"] if u.get("organization")):  # officers belong to none
            org = call_action("organization_show", id=user["organization"], include_users=True)
            roles = {u["name"]: u["capacity"] for u in org["users"]}
            assert roles.get(user["name"]) == user.get("role", "editor")

    def test_every_resource_is_uploaded_into_storage(self, demo, loaded):
        for entry in demo["datasets"]:
            pkg = call_action("package_show", id=entry["name"])
            assert len(pkg["resources"]) == len(entry["resources"])
            for resource in pkg["resources"]:
                assert resource["url_type"] == "upload"
                path = get_resource_uploader(resource).get_path(resource["id"])
                assert os.path.getsize(path) > 0

    def test_last_change_dates_are_spread(self, demo, loaded):
        for entry in demo["datasets"]:
            pkg = call_action("package_show", id=entry["name"])
            expected = NOW - dt.timedelta(days=entry["last_updated_days_ago"])
            assert pkg["metadata_modified"].startswith(expected.date().isoformat())
        # The index holds the back-dated value too, so search sorts by it.
        newest = search_all(sort="metadata_modified desc", rows=1)["results"][0]
        freshest = min(demo["datasets"], key=lambda e: e["last_updated_days_ago"])
        assert newest["name"] == freshest["name"]

    def test_datasets_are_found_by_a_ukrainian_word(self, demo, loaded):
        entry = demo["datasets"][0]
        word = entry["title"].split()[0]
        names = [d["name"] for d in search_all(q=word, rows=100)["results"]]
        assert entry["name"] in names


class TestTheReportsHaveSomethingToShow:
    def test_the_dashboard_has_something_in_every_chart(self, loaded):
        d = call_action("chervonohrad_reports_dashboard")
        assert sum(1 for m in d["published"] if m["new"]) >= 3  # datasets first published in several months
        assert len(d["compliance_history"]) >= 3 and d["council"]["meets_share"] is not None
        cover = d["coverage"]["totals"]
        assert cover["published"] > 0 and cover["overdue"] > 0 and cover["missing"] > 0
        assert d["overdue"]["count"] > 0 and d["overdue"]["oldest"]
        assert d["feedback"]["totals"]["received"] >= 4 and d["feedback"]["totals"]["median_hours"] is not None
        assert len(d["suggestions"]) >= 3 and d["suggestions"][0]["votes"] >= 2
        assert len(d["quality"]["best"]) >= 5

    def test_the_audit_has_assignments_and_a_published_register(self, demo, loaded):
        audit = call_action("chervonohrad_reports_audit")
        assert audit["totals"]["past_due"] == sum(1 for a in demo["reports"]["assignments"] if a["due_in_days"] < 0)
        vykonkom = next(p for p in audit["publishers"] if p["name"] == "sheptytskyi-vykonkom")
        register_item = next(i for i in vykonkom["items"] if i["id"] == "all-dataset-register")
        assert register_item["status"] == "published"
        pkg = call_action("package_show", id="sheptytskyi-reiestr-naboriv-danykh")
        data = next(r for r in pkg["resources"] if r["resource_role"] == "data")
        with open(get_resource_uploader(data).get_path(data["id"]), encoding="utf-8") as f:
            rows = list(csv.DictReader(io.StringIO(f.read().lstrip("\ufeff"))))
        expected = call_action("chervonohrad_reports_register", publisher="sheptytskyi-vykonkom")["rows"]
        assert rows == expected and len(rows) >= 3
        # Its demo date of last change is kept.
        entry = next(e for e in demo["datasets"] if e["name"] == "sheptytskyi-reiestr-naboriv-danykh")
        assert pkg["metadata_modified"].startswith((NOW - dt.timedelta(days=entry["last_updated_days_ago"])).date()
                                                   .isoformat())


class TestDemoReload:
    """Loads again over the module's load (on an empty portal): these change what the others read,
    so they come last."""

    def test_loading_twice_creates_nothing_new(self, demo, loaded):
        again = loader.load(now=NOW)
        assert again["datasets"] == 0
        assert search_all(rows=0)["count"] == len(demo["datasets"])

    def test_a_database_made_again_leaves_no_documents_behind(self, demo, loaded, ckan_config):
        """The demo database dropped and loaded again (a run on an older CKAN makes it again) while
        the core keeps the earlier load's documents: the next load removes them."""
        select = ckan_config["solr_url"] + "/select"
        [document] = requests.get(select, params={"q": f"name:{demo['datasets'][0]['name']}", "fl": "*",
                                                  "wt": "json"}, timeout=30).json()["response"]["docs"]
        earlier = {k: v for k, v in document.items() if k not in ("_version_", "score")}
        earlier.update(id=str(uuid.uuid4()), index_id=uuid.uuid4().hex)
        requests.post(ckan_config["solr_url"] + "/update", params={"commit": "true"}, json=[earlier],
                      timeout=30).raise_for_status()
        assert search_all(rows=0)["count"] == len(demo["datasets"]) + 1

        loader.load(now=NOW)
        assert search_all(rows=0)["count"] == len(demo["datasets"])
        assert loader.forget_stale_documents() == []

    def test_reset_reloads_from_scratch(self, demo, loaded):
        first = call_action("package_show", id=demo["datasets"][0]["name"])["id"]
        again = loader.load(reset=True, now=NOW)
        assert again["datasets"] == len(demo["datasets"])
        assert call_action("package_show", id=demo["datasets"][0]["name"])["id"] != first
        assert search_all(rows=0)["count"] == len(demo["datasets"])


def test_every_demo_dataset_passes_the_dcat_ap_3_shapes(loaded):
    """Issue #21: each demo dataset's graph, as /dataset/<name>.ttl gives it, has 0 SHACL violations."""
    names = [d["name"] for d in search_all(fq="dataset_type:dataset", include_private=True, rows=1000)["results"]]
    assert names
    for name in names:
        dataset = call_action("package_show", id=name)
        turtle = RDFSerializer().serialize_dataset(dataset, _format="turtle")
        assert violations(turtle) == [], name
