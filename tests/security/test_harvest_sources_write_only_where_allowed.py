"""Harvest sources write only where they are allowed to: only regional administrators save
sources (and only into organizations they may create datasets in); a publisher's administrator
runs at most a source that writes only into their own organization; the import writes outside
the source's organization only under a regional administrator's grant (older sources are
refused with a clear error); ckanext-harvest's `ckan` harvester never creates organizations."""
from __future__ import annotations

import copy
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest
from ckanext.harvest.model import HarvestJob, HarvestSource

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories

from ckanext.chervonohrad.harvest import access
from tests.factories import Publisher
from tests.harvest import helpers

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "harvest")
REGIONAL_ADMIN = "harvest-regional-admin"
OTHER_EDRPOU = "14360570"  # the other publisher's code, which the remote publisher claims


def remote_dataset():
    with open(os.path.join(DATA, "dgua_complete.json"), encoding="utf-8") as f:
        remote = json.load(f)
    remote["organization"] = {"id": "remote-org-1", "name": "remote-org", "title": "Remote", "edrpou": OTHER_EDRPOU}
    remote["owner_org"] = "remote-org-1"
    return remote


class Remote(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        action = urlparse(self.path).path.rpartition("/")[2]
        if action == "package_search":
            result = {"count": 1, "results": [remote_dataset()]}
        elif action == "organization_show":
            result = remote_dataset()["organization"]
        else:
            result = []
        body = json.dumps({"success": True, "result": result}, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def remote():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Remote)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture
def world(clean_db, monkeypatch):
    publisher_admin = factories.User(name="publisher-admin")
    regional = factories.User(name=REGIONAL_ADMIN)
    # A regional administrator who is not a sysadmin (named by id and by name).
    monkeypatch.setitem(tk.config, "ckanext.chervonohrad.regional_admins", f"{regional['id']} {regional['name']}")
    home = Publisher(name="home-publisher", edrpou="26162800",
                     users=[{"name": publisher_admin["name"], "capacity": "admin"},
                            {"name": regional["name"], "capacity": "editor"}])
    other = Publisher(name="other-publisher", edrpou=OTHER_EDRPOU)
    return {"publisher_admin": publisher_admin, "regional": regional, "home": home, "other": other}


def as_user(name):
    return {"user": name, "session": model.Session}


def source_dict(url, owner_org, config, name="src", source_type="chervonohrad_ckan"):
    return {"name": name, "title": name, "url": url, "source_type": source_type, "owner_org": owner_org,
            "frequency": "MANUAL", "config": json.dumps(config)}


def forget_grant(source_id):
    """As a source saved before these rules: no write grant."""
    package = model.Package.get(source_id)
    package.extras = {k: v for k, v in package.extras.items() if k != access.GRANT_KEY}
    model.Session.commit()


def datasets_of(org_id):
    return model.Session.query(model.Package).filter_by(owner_org=org_id, type="dataset").all()


# --- saving sources -----------------------------------------------------------------------------

@pytest.mark.parametrize("config", [{"publisher_by_edrpou": False}, {"owner_org": "other-publisher"}, {}])
def test_a_publisher_admin_cannot_create_a_source(world, remote, config):
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("harvest_source_create")(as_user("publisher-admin"),
                                               source_dict(remote, world["home"]["id"], config))
    assert model.Session.query(HarvestSource).count() == 0


def test_a_publisher_admin_gets_403_from_the_api(app, world, remote):
    token = factories.APIToken(user="publisher-admin")["token"]
    response = app.post("/api/3/action/harvest_source_create", headers={"Authorization": token},
                        json=source_dict(remote, world["home"]["id"], {"owner_org": "other-publisher"}),
                        status=403)
    assert "регіональні адміністратори" in response.json["error"]["message"]
    response = app.post("/api/3/action/package_create", headers={"Authorization": token},
                        json={**source_dict(remote, world["home"]["id"], {}), "type": "harvest"}, status=403)
    assert model.Session.query(HarvestSource).count() == 0


def test_a_publisher_admin_cannot_change_a_source(world, remote):
    source = helpers.create_source("src", remote, world["home"]["id"], {"publisher_by_edrpou": False})
    for action in ("harvest_source_patch", "package_patch"):
        with pytest.raises(tk.NotAuthorized):
            tk.get_action(action)(as_user("publisher-admin"), {"id": source["id"], "config": "{}"})
    assert json.loads(HarvestSource.get(source["id"]).config) == {"publisher_by_edrpou": False}


def test_a_regional_admin_creates_a_source_that_matches_publishers_by_edrpou(world, remote):
    source = tk.get_action("harvest_source_create")(as_user(REGIONAL_ADMIN),
                                                    source_dict(remote, world["home"]["id"], {}))
    grant = access.grant_of(model.Package.get(source["id"]))
    assert grant["by"] == world["regional"]["id"] and grant["edrpou"] is True


def test_a_regional_admin_needs_the_right_to_create_datasets_where_the_source_writes(world, remote):
    with pytest.raises(tk.NotAuthorized) as raised:
        tk.get_action("harvest_source_create")(as_user(REGIONAL_ADMIN), source_dict(
            remote, world["home"]["id"], {"owner_org": "other-publisher"}))
    assert "other-publisher" in str(raised.value) or world["other"]["title"] in str(raised.value)


def test_a_grant_cannot_be_forged_through_extras(world, remote):
    forged = {"key": access.GRANT_KEY, "value": json.dumps({"by": REGIONAL_ADMIN, "orgs": [], "edrpou": True})}
    context = {**helpers.sysadmin_context(), "user": "publisher-admin"}  # ignore_auth: an internal caller
    source = tk.get_action("harvest_source_create")(context, {
        **source_dict(remote, world["home"]["id"], {}), "extras": [forged]})
    assert access.grant_of(model.Package.get(source["id"])) is None


# --- running sources ------------------------------------------------------------------------------

def test_a_publisher_admin_runs_only_a_source_writing_into_their_organization(world, remote):
    own = helpers.create_source("own", remote, world["home"]["id"], {"publisher_by_edrpou": False})
    job = tk.get_action("harvest_job_create")(as_user("publisher-admin"), {"source_id": own["id"], "run": False})
    assert job["status"] == "New"

    matching = helpers.create_source("matching", remote + "/x", world["home"]["id"], {})
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("harvest_job_create")(as_user("publisher-admin"), {"source_id": matching["id"], "run": False})
    somebody = factories.User()
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("harvest_job_create")(as_user(somebody["name"]), {"source_id": own["id"], "run": False})


# --- the import -----------------------------------------------------------------------------------

def test_edrpou_matching_lands_in_another_publisher_only_under_a_grant(world, remote):
    source = helpers.create_source("src", remote, world["home"]["id"], {})
    forget_grant(source["id"])  # saved before these rules
    job, report, objects = helpers.run(source)
    guid = remote_dataset()["id"]
    assert objects[guid].report_status == "errored"
    errors = "\n".join(helpers.errors_of(report, guid))
    assert "other-publisher" in errors or world["other"]["title"] in errors, errors
    assert datasets_of(world["other"]["id"]) == [] and datasets_of(world["home"]["id"]) == []

    # A regional administrator saves it again: now it may.
    tk.get_action("harvest_source_patch")(helpers.sysadmin_context(), {"id": source["id"], "title": "src"})
    job, report, objects = helpers.run(source)
    assert objects[guid].report_status == "added"
    assert [p.id for p in datasets_of(world["other"]["id"])] == [objects[guid].package_id]


def test_an_old_source_writing_into_another_organization_is_refused(world, remote):
    source = helpers.create_source("src", remote, world["home"]["id"], {"owner_org": "other-publisher"})
    forget_grant(source["id"])
    job, report, objects = helpers.run(source)
    guid = remote_dataset()["id"]
    assert objects[guid].report_status == "errored"
    assert datasets_of(world["other"]["id"]) == []


def test_the_grant_ends_with_the_regional_administrators_role(world, remote, monkeypatch):
    source = tk.get_action("harvest_source_create")(as_user(REGIONAL_ADMIN),
                                                    source_dict(remote, world["home"]["id"], {}))
    monkeypatch.setitem(tk.config, "ckanext.chervonohrad.regional_admins", "")
    job, report, objects = helpers.run(source)
    assert objects[remote_dataset()["id"]].report_status == "errored"
    assert datasets_of(world["other"]["id"]) == []


def test_a_source_of_its_own_organization_needs_no_grant(world, remote):
    source = helpers.create_source("src", remote, world["home"]["id"], {"publisher_by_edrpou": False})
    forget_grant(source["id"])
    job, report, objects = helpers.run(source)
    assert objects[remote_dataset()["id"]].report_status == "added"
    assert len(datasets_of(world["home"]["id"])) == 1


def test_a_deleted_organization_is_never_written_into_or_revived(world, remote):
    tk.get_action("organization_delete")(helpers.sysadmin_context(), {"id": world["other"]["id"]})
    source = helpers.create_source("src", remote, world["home"]["id"], {"publisher_by_edrpou": True})
    job, report, objects = helpers.run(source)
    guid = remote_dataset()["id"]
    # No active publisher has the code: the dataset goes to the source's own organization.
    assert helpers.local(objects[guid].package_id)["owner_org"] == world["home"]["id"]
    assert model.Group.get(world["other"]["id"]).state == "deleted"


# --- ckanext-harvest's `ckan` harvester ----------------------------------------------------------

@pytest.mark.parametrize("option, value", [("remote_orgs", "create"), ("remote_groups", "create"),
                                           ("remote_orgs", "only_local")])
def test_the_ckan_harvester_may_not_create_organizations(world, remote, option, value):
    data = source_dict(remote, world["home"]["id"], {option: value}, source_type="ckan")
    with pytest.raises(tk.ValidationError) as raised:  # not even a sysadmin
        tk.get_action("harvest_source_create")(helpers.sysadmin_context(), copy.deepcopy(data))
    assert option in raised.value.error_dict["config"][0]
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("harvest_source_create")(as_user("publisher-admin"), copy.deepcopy(data))
    assert model.Session.query(HarvestSource).count() == 0

    good = tk.get_action("harvest_source_create")(helpers.sysadmin_context(), {
        **data, "config": json.dumps({"default_tags": [{"name": "lviv"}]})})
    with pytest.raises(tk.ValidationError):
        tk.get_action("harvest_source_patch")(helpers.sysadmin_context(), {
            "id": good["id"], "config": json.dumps({option: value})})


def test_an_old_ckan_source_that_creates_organizations_is_not_run(world, remote):
    source = tk.get_action("harvest_source_create")(helpers.sysadmin_context(), source_dict(
        remote, world["home"]["id"], {}, source_type="ckan"))
    HarvestSource.get(source["id"]).config = json.dumps({"remote_orgs": "create"})  # saved before these rules
    model.Session.commit()
    job = tk.get_action("harvest_job_create")(helpers.sysadmin_context(), {"source_id": source["id"]})
    assert job["status"] == "Finished"
    report = tk.get_action("harvest_job_report")(helpers.sysadmin_context(), {"id": job["id"]})
    assert "remote_orgs: create" in report["gather_errors"][0]["message"]
    assert HarvestJob.get(job["id"]).status == "Finished"
    # The next run is possible (and refused the same way), not blocked by a pending job.
    again = tk.get_action("harvest_job_create")(helpers.sysadmin_context(), {"source_id": source["id"]})
    assert again["id"] != job["id"]


# --- the source's address ------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8983/solr/ckan/select?q=private:true&fl=title,maintainer_email&wt=csv#",
    "https://data.example/#", "https://data.example/?x=1", "https://user:secret@data.example/",
    "ftp://data.example/", "file:///etc/passwd", "gopher://data.example/", "https://", "data.example",
])
def test_a_source_address_with_a_query_fragment_or_credentials_is_refused(world, url):
    with pytest.raises(tk.ValidationError) as raised:
        tk.get_action("harvest_source_create")(helpers.sysadmin_context(), source_dict(url, world["home"]["id"], {}))
    assert "«URL»" in raised.value.error_dict["url"][-1]
    assert model.Session.query(HarvestSource).count() == 0


def test_the_address_error_is_in_ukrainian_on_the_form(app, world):
    sysadmin = factories.Sysadmin()
    token = factories.APIToken(user=sysadmin["name"])["token"]
    response = app.post("/api/3/action/harvest_source_create", headers={"Authorization": token},
                        json=source_dict("https://data.example/?q=1", world["home"]["id"], {}), status=409)
    assert "адреса джерела" in json.dumps(response.json, ensure_ascii=False)


def test_pure_url_rule():
    assert access.url_is_acceptable("https://data.gov.ua")
    assert access.url_is_acceptable("http://127.0.0.1:5001/")
    assert not access.url_is_acceptable("https://data.gov.ua:99999/")
    assert not access.url_is_acceptable(" https://data.gov.ua/ x")
