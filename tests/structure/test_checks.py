"""A dataset's data checked against its structure file through the job: files from a local
HTTP server and from CKAN's storage, stored reports, the score, the API and the page."""
from __future__ import annotations

import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib import uploader
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.chervonohrad.quality.model import DatasetScore
from ckanext.chervonohrad.structure import checks
from ckanext.chervonohrad.structure.model import StructureReport
from tests import ROOT, suite_ini
from tests.factories import PassportDataset, Publisher
from tests.servers import LoopbackServer

STRUCTURE = "name,title,type,required\nid,Номер,integer,true\nназва,Назва,string,true\n".encode()
FILES = {
    "/structure.csv": STRUCTURE,
    "/good.csv": "id;назва\n1;Школа\n2;Ліцей\n".encode("cp1251"),
    "/bad.csv": "id,назва\n1,Школа\nдва,Ліцей\n3,\n".encode(),
    "/broken-structure.json": b"{not json",
    "/report.pdf": b"%PDF-1.4\x00",
}


class Server(LoopbackServer):
    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = FILES.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        super().__init__(Handler)


@pytest.fixture(scope="module")
def server():
    with Server() as running:
        yield running


def dataset_with(server, *paths_and_roles, **extra):
    resources = [{"url": server.url(path), "name": path.strip("/"), "format": path.rsplit(".", 1)[-1].upper(),
                  "resource_role": role} for path, role in paths_and_roles]
    return PassportDataset(resources=resources, **extra)


def by_name(dataset, reports):
    names = {r["id"]: r["name"] for r in dataset["resources"]}
    return {names[rid]: report for rid, report in reports.items()}


def indicator(package_id, key):
    model.Session.expire_all()
    row = model.Session.get(DatasetScore, package_id)
    return next(i for i in row.indicators if i["key"] == key), row


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestCheckDataset:
    def test_valid_and_invalid_data_skipped_documents(self, server):
        dataset = dataset_with(server, ("/good.csv", "data"), ("/bad.csv", "data"), ("/report.pdf", "data"),
                               ("/structure.csv", "structure"))
        reports = by_name(dataset, checks.check_dataset(dataset["id"]))
        assert reports["good.csv"].status == "valid" and reports["good.csv"].rows == 2
        assert reports["bad.csv"].status == "invalid" and reports["bad.csv"].errors_total == 2
        assert [(e["row"], e["field"], e["type"]) for e in reports["bad.csv"].errors] == [
            (3, "id", "type-error"), (4, "назва", "constraint-error")]
        assert reports["report.pdf"].status == "skipped" and reports["report.pdf"].reason == "not_tabular"
        stored = checks.stored_reports(dataset["id"])
        assert len(stored) == 3 and all(r["checked_at"] and r["structure_resource_id"] for r in stored.values())

    def test_the_score_follows_the_reports(self, server):
        dataset = dataset_with(server, ("/good.csv", "data"), ("/bad.csv", "data"), ("/structure.csv", "structure"))
        before, row = indicator(dataset["id"], "structure_match")
        score_before = row.score
        assert before["detail"] == "not checked yet" and before["points"] == 4  # unchanged until checked
        checks.check_dataset(dataset["id"])
        after, row = indicator(dataset["id"], "structure_match")
        assert after["points"] == 2 and not after["passed"] and after["detail"].startswith("bad.csv: 2 error(s)")
        assert after["label"] == {"uk": "Дані відповідають структурі", "en": "Data match the structure"}
        assert row.score == score_before - 2
        assert call_action("package_search", fq=f'id:"{dataset["id"]}" AND quality_score:{row.score}')["count"] == 1

    def test_old_reports_are_replaced(self, server):
        dataset = dataset_with(server, ("/bad.csv", "data"), ("/structure.csv", "structure"))
        checks.check_dataset(dataset["id"])
        data = next(r for r in dataset["resources"] if r["name"] == "bad.csv")
        sysadmin = {"user": factories.Sysadmin()["name"]}
        call_action("resource_patch", context=dict(sysadmin), id=data["id"], url=server.url("/good.csv"))
        # The check of the old URL no longer counts against the score.
        assert indicator(dataset["id"], "structure_match")[0]["points"] == 4
        checks.check_dataset(dataset["id"])
        assert model.Session.query(StructureReport).filter_by(package_id=dataset["id"]).count() == 1
        assert checks.stored_reports(dataset["id"])[data["id"]]["status"] == "valid"

    def test_an_unreadable_structure_file_gives_reports_with_the_reason(self, server):
        dataset = dataset_with(server, ("/good.csv", "data"), ("/broken-structure.json", "structure"))
        report = next(iter(checks.check_dataset(dataset["id"]).values()))
        assert report.status == "error" and report.reason == "structure_unreadable" and "JSON" in report.detail
        assert indicator(dataset["id"], "structure_match")[0]["points"] == 0

    def test_an_upload_is_read_from_the_storage_and_a_missing_one_reported(self, server):
        dataset = PassportDataset(resources=[
            {"url": "data.csv", "url_type": "upload", "name": "data.csv", "format": "CSV", "resource_role": "data"},
            {"url": "lost.csv", "url_type": "upload", "name": "lost.csv", "format": "CSV", "resource_role": "data"},
            {"url": server.url("/structure.csv"), "name": "s", "format": "CSV", "resource_role": "structure"}])
        present = next(r for r in dataset["resources"] if r["name"] == "data.csv")
        path = uploader.get_resource_uploader(present).get_path(present["id"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write("id,назва\n1,Школа\nx,y\n".encode())
        try:
            reports = by_name(dataset, checks.check_dataset(dataset["id"]))
        finally:
            os.remove(path)
        assert reports["data.csv"].status == "invalid" and reports["data.csv"].errors[0]["row"] == 3
        assert reports["lost.csv"].status == "error" and reports["lost.csv"].reason == "missing_file"

    @pytest.mark.ckan_config("ckanext.chervonohrad.structure_max_mb", 1)
    @pytest.mark.ckan_config("ckanext.chervonohrad.structure_max_rows", 10)
    def test_the_byte_and_row_limits_are_options(self, server):
        big = b"id,\xd0\xbd\xd0\xb0\xd0\xb7\xd0\xb2\xd0\xb0\n" + b"".join(b"%d,x\n" % i for i in range(300000))
        FILES["/big.csv"] = big
        try:
            dataset = dataset_with(server, ("/big.csv", "data"), ("/structure.csv", "structure"))
            report = next(iter(checks.check_dataset(dataset["id"]).values()))
        finally:
            del FILES["/big.csv"]
        assert len(big) > 1024 ** 2
        assert report.status == "valid" and report.rows == 10 and report.limited
        assert report.detail == "only the first 1 MB checked"

    @pytest.mark.ckan_config("ckanext.chervonohrad.link_check_allowed_hosts", "")
    def test_internal_addresses_are_not_fetched(self, server):
        dataset = dataset_with(server, ("/good.csv", "data"), ("/structure.csv", "structure"))
        report = next(iter(checks.check_dataset(dataset["id"]).values()))
        assert report.status == "error" and report.reason == "refused_address"
        # Not the publisher's data at fault: the indicator does not count it.
        assert indicator(dataset["id"], "structure_match")[0]["points"] == 4

    def test_old_content(self, server):
        # No resource_role (made before the passport): the resource is data.
        dataset = dataset_with(server, ("/bad.csv", "data"), ("/structure.csv", "structure"))
        data = next(r for r in dataset["resources"] if r["name"] == "bad.csv")
        model.Session.query(model.Resource).filter_by(id=data["id"]).one().extras = {}
        model.Session.commit()
        assert call_action("package_show", id=dataset["id"])["resources"][0].get("resource_role") in (None, "data")
        assert checks.check_dataset(dataset["id"])[data["id"]].status == "invalid"
        # A dataset without a structure file has no reports, and its score is as it was.
        plain = dataset_with(server, ("/good.csv", "data"), state="draft")  # a public one must have it
        assert checks.check_dataset(plain["id"]) == {} and checks.stored_reports(plain["id"]) == {}
        assert indicator(plain["id"], "structure_match")[0]["detail"] == "no structure file"
        assert checks.check_dataset("no-such-dataset") == {}

    def test_a_deleted_dataset_loses_its_reports(self, server):
        dataset = dataset_with(server, ("/good.csv", "data"), ("/structure.csv", "structure"))
        checks.check_dataset(dataset["id"])
        call_action("package_delete", context={"user": factories.Sysadmin()["name"]}, id=dataset["id"])
        assert checks.stored_reports(dataset["id"]) == {}


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestApiAndPage:
    def test_the_action_and_who_may_see_it(self, server):
        member = factories.User()
        org = Publisher(users=[{"name": member["name"], "capacity": "member"}])
        dataset = dataset_with(server, ("/bad.csv", "data"), ("/structure.csv", "structure"),
                               owner_org=org["id"], private=True)
        data = next(r for r in dataset["resources"] if r["name"] == "bad.csv")
        assert call_action("chervonohrad_structure_report_show", resource_id=data["id"])["status"] == "not_checked"
        checks.check_dataset(dataset["id"])
        context = {"user": member["name"]}
        one = call_action("chervonohrad_structure_report_show", context=dict(context), resource_id=data["id"])
        assert one["status"] == "invalid" and one["errors_total"] == 2 and one["errors"][0]["row"] == 3
        every = call_action("chervonohrad_structure_report_show", context=dict(context), id=dataset["name"])
        assert list(every["reports"]) == [data["id"]]
        outsider = factories.User()["name"]
        for who in (outsider, None):
            with pytest.raises(tk.NotAuthorized):
                call_auth("chervonohrad_structure_report_show", {"user": who}, resource_id=data["id"])
            with pytest.raises(tk.NotAuthorized):
                call_auth("chervonohrad_structure_report_show", {"user": who}, id=dataset["id"])

    def test_the_resource_page_in_both_languages(self, app, server):
        dataset = dataset_with(server, ("/bad.csv", "data"), ("/structure.csv", "structure"))
        data = next(r for r in dataset["resources"] if r["name"] == "bad.csv")
        url = f"/dataset/{dataset['name']}/resource/{data['id']}"
        assert "structure-report" not in app.get(url).body  # not checked yet: nothing shown
        checks.check_dataset(dataset["id"])
        page = BeautifulSoup(app.get(url).body, "html.parser")
        section = page.select_one("#structure-report")
        assert section["data-status"] == "invalid"
        assert "Дані не відповідають файлу структури" in section.text and "(за київським часом)" in section.text
        rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in section.select("tbody tr")]
        assert rows == [["3", "id (1)", "Значення «два» не є цілим числом."],
                        ["4", "назва (2)", "Тут потрібне значення."]]
        english = BeautifulSoup(app.get("/en" + url).body, "html.parser").select_one("#structure-report")
        assert "The data do not match the structure file" in english.text and "(Kyiv time)" in english.text
        assert [td.get_text(strip=True) for td in english.select("tbody tr")[0].select("td")][2] == \
            "The value «два» is not a whole number."


# ---- queued on Redis, run by a worker -------------------------------------------------------

@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
class TestQueue:
    def test_off_in_the_suite_nothing_is_queued(self):
        PassportDataset()
        assert [j for j in ckan_jobs.get_queue().jobs if "structure" in j.meta.get("title", "")] == []
        assert checks.enqueue("some-id") is None

    @pytest.mark.ckan_config("ckanext.chervonohrad.structure_checks_on_change", True)
    def test_a_hook_queues_the_check_after_the_commit_and_saving_never_waits(self, server):
        dataset = dataset_with(server, ("/bad.csv", "data"), ("/structure.csv", "structure"))
        titles = [j.meta["title"] for j in ckan_jobs.get_queue().jobs]
        assert titles == [f"chervonohrad structure check {dataset['id']}"]
        assert checks.stored_reports(dataset["id"]) == {}  # saved, not yet checked

    def test_a_worker_runs_the_check_and_the_rescore(self, server):
        dataset = dataset_with(server, ("/bad.csv", "data"), ("/structure.csv", "structure"))
        before = indicator(dataset["id"], "structure_match")[1].score
        ckan_jobs.get_queue().empty()
        checks.enqueue(dataset["id"], force=True)
        done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", suite_ini(),
                               "jobs", "worker", "--burst"], capture_output=True, text=True, timeout=180, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        assert ckan_jobs.get_queue().jobs == []
        assert [r["status"] for r in checks.stored_reports(dataset["id"]).values()] == ["invalid"]
        match, row = indicator(dataset["id"], "structure_match")
        assert match["points"] == 0 and row.score == before - 4
