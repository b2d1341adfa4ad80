"""Link checks against a local HTTP server the tests start, then through a dataset's job:
stored checks, a lower score with the reason, and a job that never crashes."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler

import pytest

from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib import uploader
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common.jobs import LONG
from ckanext.chervonohrad.quality import linkcheck, scoring
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck
from tests import ROOT, suite_ini
from tests.factories import PassportDataset
from tests.servers import LoopbackServer

CSV = b"id,name\n1,Shevchenka St\n2,Franka St\n"
HUGE = 5 * 1024 ** 3  # what /huge.csv claims to be: 5 GB
CHUNK = 64 * 1024


class Server(LoopbackServer):
    """A plain HTTP server in a thread, with a few misbehaving endpoints."""

    def __init__(self):
        self.huge_served = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, body=b"", content_type="text/csv", **headers):
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the checker gave up first
                    self.close_connection = True

            def do_GET(self):
                path = self.path.split("?")[0]
                if path == "/data.csv":
                    self.answer(200, CSV, "text/csv; charset=utf-8")
                elif path == "/octet.csv":
                    self.answer(200, CSV, "application/octet-stream")
                elif path == "/untyped.csv":
                    self.answer(200, CSV, None)
                elif path == "/structure.json":
                    self.answer(200, b'{"fields": []}', "application/json")
                elif path == "/page.html":
                    self.answer(200, b"<!doctype html><title>Not the data</title>", "text/html; charset=utf-8")
                elif path == "/missing.csv":
                    self.answer(404, b"not found", "text/plain")
                elif path == "/hop1":
                    self.answer(302, Location="/hop2")
                elif path == "/hop2":
                    self.answer(301, Location=f"http://127.0.0.1:{owner.port}/data.csv")
                elif path == "/loop":
                    self.answer(302, Location="/loop")
                elif path == "/slow.csv":  # answers only after the checker gave up
                    owner.stop.wait(4)
                    self.answer(200, CSV)
                elif path == "/stall.csv":  # headers at once, then the body never comes
                    self.send_response(200)
                    self.send_header("Content-Type", "text/csv")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.flush()
                    owner.stop.wait(4)
                elif path == "/huge.csv":
                    self.huge()
                else:
                    self.answer(404, b"", "text/plain")

            def huge(self):
                """Claims 5 GB and keeps sending until the client hangs up."""
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", str(HUGE))
                self.end_headers()
                chunk = b"x" * CHUNK
                try:
                    while owner.huge_served < HUGE and not owner.stop.is_set():
                        self.wfile.write(chunk)
                        owner.huge_served += len(chunk)
                        time.sleep(0.005)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        super().__init__(Handler)


@pytest.fixture(scope="module")
def server():
    with Server() as running:
        yield running


# ---- one URL ------------------------------------------------------------------------------

def test_a_csv_that_answers_200(server):
    check = linkcheck.check_url(server.url("/data.csv"), "CSV")
    assert check.ok and check.reason is None
    assert check.status_code == 200 and check.content_type == "text/csv" and check.detail == "HTTP 200"


def test_404_is_an_http_error(server):
    check = linkcheck.check_url(server.url("/missing.csv"), "CSV")
    assert not check.ok
    assert (check.reason, check.status_code, check.detail) == ("http_error", 404, "HTTP 404")


def test_redirects_are_followed(server):
    check = linkcheck.check_url(server.url("/hop1"), "CSV")
    assert check.ok and check.status_code == 200 and "after 2 redirect(s)" in check.detail


def test_a_redirect_loop_stops(server):
    check = linkcheck.check_url(server.url("/loop"), "CSV")
    assert not check.ok and check.reason == "too_many_redirects"


@pytest.mark.ckan_config("ckanext.chervonohrad.link_check_timeout", 1)
def test_a_server_slower_than_the_timeout(server):
    started = time.monotonic()
    check = linkcheck.check_url(server.url("/slow.csv"), "CSV")
    assert not check.ok and check.reason == "timeout" and check.detail == "no answer within 1 s"
    assert time.monotonic() - started < 3.5


@pytest.mark.ckan_config("ckanext.chervonohrad.link_check_timeout", 1)
def test_a_body_that_never_comes_is_a_timeout(server):
    check = linkcheck.check_url(server.url("/stall.csv"), "CSV")
    assert not check.ok and check.reason == "timeout" and check.status_code == 200


def test_a_huge_file_is_reachable_but_not_downloaded(server):
    server.huge_served = 0
    check = linkcheck.check_url(server.url("/huge.csv"), "CSV")
    assert check.ok and check.status_code == 200
    assert "large file, not downloaded (5.0 GB)" in check.detail
    time.sleep(0.3)  # let the server notice the hang-up
    # It read at most link_check_max_bytes (64 KB); socket buffers hold a little more.
    assert server.huge_served < 8 * 1024 ** 2, server.huge_served


@pytest.mark.ckan_config("ckanext.chervonohrad.link_check_huge_bytes", 10)
def test_the_large_file_threshold_is_an_option(server):
    check = linkcheck.check_url(server.url("/data.csv"), "CSV")
    assert check.ok and f"large file, not downloaded ({len(CSV)} bytes)" in check.detail


def test_a_web_page_for_a_declared_csv_is_the_wrong_type(server):
    check = linkcheck.check_url(server.url("/page.html"), "CSV")
    assert not check.ok and check.reason == "wrong_type" and check.content_type == "text/html"
    assert check.detail == "text/html instead of text/csv"
    assert linkcheck.check_url(server.url("/page.html"), "HTML").ok


@pytest.mark.parametrize("path, declared", [("/octet.csv", "CSV"), ("/untyped.csv", "CSV"), ("/data.csv", "TXT"),
                                            ("/structure.json", "csv"), ("/page.html", "API"),
                                            ("/page.html", "ZZZ"), ("/data.csv", None)])
def test_types_that_do_not_clearly_contradict_are_fine(server, path, declared):
    assert linkcheck.check_url(server.url(path), declared).ok


@pytest.mark.parametrize("declared, served, wrong", [
    ("CSV", "text/html", True), ("JSON", "application/xhtml+xml", True), ("XML", "text/html", True),
    (".csv", "text/html", True), ("text/csv", "text/html", True), ("CSV", "application/pdf", True),
    ("PDF", "text/html", True), ("JSON", "image/png", True),
    ("CSV", "text/plain", False), ("CSV", "application/vnd.ms-excel", False), ("JSON", "text/plain", False),
    ("XML", "text/xml", False), ("GeoJSON", "application/json", False), ("JPEG", "image/png", False),
    ("HTML", "text/html", False), ("WMS", "text/html", False), ("CSV", None, False),
    ("CSV", "application/octet-stream", False), ("", "text/html", False),
])
def test_type_contradicts(declared, served, wrong):
    assert linkcheck.type_contradicts(declared, served) is wrong


@pytest.mark.parametrize("url", ["ftp://data.example/a.csv", "file:///etc/passwd", "data.example/a.csv", ""])
def test_only_http_links_are_checked(url):
    check = linkcheck.check_url(url, "CSV")
    assert not check.ok and check.reason == "unsupported_scheme"


def test_a_refused_connection(server):
    import socket

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    check = linkcheck.check_url(f"http://127.0.0.1:{port}/data.csv", "CSV")
    assert not check.ok and check.reason == "connection"


# ---- a dataset's job ----------------------------------------------------------------------

def resources_at(server, *paths_and_roles):
    return [{"url": server.url(path), "name": path.strip("/"), "format": path.rsplit(".", 1)[-1].upper(),
             "resource_role": role} for path, role in paths_and_roles]


def score_of(package_id):
    model.Session.expire_all()
    return model.Session.get(DatasetScore, package_id)


def checks_of(package_id):
    return {row.url.rsplit("/", 1)[-1]: row
            for row in model.Session.query(LinkCheck).filter(LinkCheck.package_id == package_id)}


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestCheckDataset:
    def test_a_broken_link_lowers_the_score_with_its_reason(self, server):
        dataset = PassportDataset(resources=resources_at(server, ("/data.csv", "data"), ("/missing.csv", "structure")))
        before = score_of(dataset["id"]).score
        availability = next(i for i in score_of(dataset["id"]).indicators if i["key"] == "availability")
        assert availability["detail"] == "not checked yet" and availability["passed"]

        results = linkcheck.check_dataset(dataset["id"])

        assert sorted(c.reason or "ok" for c in results.values()) == ["http_error", "ok"]
        rows = checks_of(dataset["id"])
        assert rows["data.csv"].ok and rows["data.csv"].status_code == 200 and rows["data.csv"].checked_at
        assert not rows["missing.csv"].ok and rows["missing.csv"].reason == "http_error"
        assert rows["missing.csv"].detail == "HTTP 404" and rows["missing.csv"].checked_at
        row = score_of(dataset["id"])
        assert row.score == before - 2.5 and "availability" in row.failed
        availability = next(i for i in row.indicators if i["key"] == "availability")
        assert availability["detail"].startswith("missing.csv: HTTP 404") and not availability["passed"]
        assert availability["label"]["en"] == "Resources reachable"
        # Re-indexed with the lower score.
        assert call_action("package_search", fq=f'id:"{dataset["id"]}" AND quality_score:{row.score}')["count"] == 1

    def test_fixing_the_link_restores_the_points_and_gone_resources_are_forgotten(self, server):
        dataset = PassportDataset(resources=resources_at(
            server, ("/data.csv", "data"), ("/missing.csv", "structure"), ("/page.html", "api")))
        linkcheck.check_dataset(dataset["id"])
        assert len(checks_of(dataset["id"])) == 3
        broken = next(r for r in dataset["resources"] if r["url"].endswith("/missing.csv"))
        api = next(r for r in dataset["resources"] if r["resource_role"] == "api")
        sysadmin = {"user": factories.Sysadmin()["name"]}
        call_action("resource_patch", context=dict(sysadmin), id=broken["id"], url=server.url("/structure.json"),
                    format="JSON")
        # The score follows the change at once: a check of the old URL no longer counts.
        assert "availability" not in score_of(dataset["id"]).failed
        call_action("resource_delete", context=dict(sysadmin), id=api["id"])

        linkcheck.check_dataset(dataset["id"])

        rows = checks_of(dataset["id"])
        assert sorted(rows) == ["data.csv", "structure.json"] and all(r.ok for r in rows.values())
        assert "availability" not in score_of(dataset["id"]).failed

    def test_a_resource_that_makes_the_checker_raise_does_not_crash_the_job(self, server, monkeypatch):
        dataset = PassportDataset(resources=resources_at(server, ("/data.csv", "data"), ("/boom.csv", "structure")))
        real = linkcheck.check_url

        def exploding(url, declared_format=None, **kwargs):
            if url.endswith("/boom.csv"):
                raise RuntimeError("checker bug")
            return real(url, declared_format, **kwargs)

        monkeypatch.setattr(linkcheck, "check_url", exploding)
        results = linkcheck.check_dataset(dataset["id"])

        assert sorted(c.reason or "ok" for c in results.values()) == ["error", "ok"]
        rows = checks_of(dataset["id"])
        assert rows["boom.csv"].reason == "error" and "RuntimeError" in rows["boom.csv"].detail
        assert "availability" in score_of(dataset["id"]).failed

    def test_an_uploaded_file_is_checked_in_the_storage(self, server):
        dataset = PassportDataset(resources=[
            {"url": "present.csv", "url_type": "upload", "name": "present.csv", "format": "CSV",
             "resource_role": "data"},
            {"url": "lost.csv", "url_type": "upload", "name": "lost.csv", "format": "CSV",
             "resource_role": "structure"},
        ])
        present = next(r for r in dataset["resources"] if r["name"] == "present.csv")
        path = uploader.get_resource_uploader(present).get_path(present["id"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(CSV)
        try:
            results = linkcheck.check_dataset(dataset["id"])
        finally:
            os.remove(path)
        by_name = {r["name"]: results[r["id"]] for r in dataset["resources"]}
        assert by_name["present.csv"].ok and by_name["present.csv"].detail == f"uploaded file, {len(CSV)} bytes"
        assert not by_name["lost.csv"].ok and by_name["lost.csv"].reason == "missing_file"
        detail = next(i["detail"] for i in score_of(dataset["id"]).indicators if i["key"] == "availability")
        assert detail.startswith("lost.csv: the uploaded file is missing")

    def test_a_dataset_that_is_gone(self, server):
        assert linkcheck.check_dataset("no-such-dataset") == {}
        dataset = PassportDataset(resources=resources_at(server, ("/data.csv", "data"),
                                                         ("/structure.json", "structure")))
        linkcheck.check_dataset(dataset["id"])
        assert len(checks_of(dataset["id"])) == 2
        call_action("package_delete", context={"user": factories.Sysadmin()["name"]}, id=dataset["id"])
        assert checks_of(dataset["id"]) == {}  # scoring.forget drops them with the score
        assert linkcheck.check_dataset(dataset["id"]) == {}
        assert score_of(dataset["id"]) is None and checks_of(dataset["id"]) == {}

    def test_stored_checks_by_resource(self, server):
        dataset = PassportDataset(resources=resources_at(server, ("/data.csv", "data"), ("/missing.csv", "structure")))
        assert linkcheck.stored_checks(dataset["id"]) == {}
        linkcheck.check_dataset(dataset["id"])
        stored = linkcheck.stored_checks(dataset["id"])
        by_url = {check["url"]: check for check in stored.values()}
        assert set(stored) == {r["id"] for r in dataset["resources"]}
        assert by_url[server.url("/missing.csv")]["reason"] == "http_error"
        assert by_url[server.url("/data.csv")]["ok"] and by_url[server.url("/data.csv")]["checked_at"]

    def test_scoring_takes_links_at_hand_or_reads_them(self, server):
        dataset = PassportDataset(resources=resources_at(server, ("/data.csv", "data"), ("/missing.csv", "structure")))
        pkg = call_action("package_show", id=dataset["id"])
        data = next(r for r in pkg["resources"] if r["resource_role"] == "data")
        given = {data["id"]: {"ok": False, "reason": "timeout", "detail": "no answer within 10 s",
                              "url": data["url"], "checked_at": "2026-11-27T10:00:00"}}
        row = scoring.store(pkg, links=given)  # a bulk rescore passes what it read at once
        detail = next(i["detail"] for i in row.indicators if i["key"] == "availability")
        assert detail.startswith("data.csv: no answer within 10 s") and "1 not checked yet" in detail
        linkcheck.check_dataset(dataset["id"])
        detail = next(i["detail"] for i in scoring.store(pkg).indicators if i["key"] == "availability")
        assert detail.startswith("missing.csv: HTTP 404") and "data.csv" not in detail
        model.Session.rollback()


# ---- queued on Redis, run by a worker -----------------------------------------------------

@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
class TestQueue:
    def test_nothing_is_queued_when_checks_on_change_are_off(self):
        assert linkcheck.enqueue("some-id") is None
        assert ckan_jobs.get_queue().jobs == []

    @pytest.mark.ckan_config("ckanext.chervonohrad.link_checks_on_change", True)
    def test_a_waiting_check_is_not_queued_twice(self):
        first = linkcheck.enqueue("some-id")
        assert linkcheck.enqueue("some-id").id == first.id
        assert [j.meta["title"] for j in ckan_jobs.get_queue().jobs] == ["chervonohrad link check some-id"]

    @pytest.mark.ckan_config("ckanext.chervonohrad.link_checks_on_change", True)
    def test_a_hook_queues_the_check_only_once_the_change_is_committed(self):
        dataset = PassportDataset()
        # Creating it went through the plugin's hook: one check, queued after the commit.
        assert [j.args for j in ckan_jobs.get_queue().jobs] == [[dataset["id"]]]
        ckan_jobs.get_queue().empty()
        linkcheck.enqueue_after_commit(dataset["id"])
        linkcheck.enqueue_after_commit(dataset["id"])
        assert ckan_jobs.get_queue().jobs == []
        model.Session.commit()
        assert [j.args for j in ckan_jobs.get_queue().jobs] == [[dataset["id"]]]
        ckan_jobs.get_queue().empty()
        model.Session.get(model.Package, dataset["id"]).title = "Змінено"  # a change in progress
        linkcheck.enqueue_after_commit(dataset["id"])
        model.Session.rollback()
        model.Session.commit()
        assert ckan_jobs.get_queue().jobs == []

    def test_hooks_queue_nothing_when_checks_on_change_are_off(self):
        linkcheck.enqueue_after_commit("some-id")
        model.Session.commit()
        assert ckan_jobs.get_queue().jobs == []

    def test_force_queues_even_when_off(self):
        assert linkcheck.enqueue("some-id", force=True) is not None
        assert len(ckan_jobs.get_queue().jobs) == 1

    @pytest.mark.ckan_config("ckanext.chervonohrad.link_checks_on_change", True)
    def test_a_worker_runs_the_check(self, server):
        dataset = PassportDataset(resources=resources_at(server, ("/data.csv", "data"), ("/missing.csv", "structure")))
        before = score_of(dataset["id"]).score
        ckan_jobs.get_queue().empty()
        linkcheck.enqueue(dataset["id"])

        done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"), "-c",
                               suite_ini(), "jobs", "worker", "--burst"],
                              capture_output=True, text=True, timeout=180, cwd=ROOT)

        assert done.returncode == 0, done.stderr
        assert ckan_jobs.get_queue().jobs == []
        rows = checks_of(dataset["id"])
        assert rows["data.csv"].ok and rows["missing.csv"].reason == "http_error"
        assert score_of(dataset["id"]).score == before - 2.5

    def test_enqueue_all(self, server):
        kept = PassportDataset(resources=resources_at(server, ("/data.csv", "data"), ("/data.csv", "structure")))
        gone = PassportDataset(resources=resources_at(server, ("/data.csv", "data"), ("/data.csv", "structure")))
        call_action("package_delete", context={"user": factories.Sysadmin()["name"]}, id=gone["id"])
        assert linkcheck.enqueue_all() == 1
        assert [j.args for j in ckan_jobs.get_queue(LONG).jobs] == [[kept["id"]]]  # a night's checks: the long queue
