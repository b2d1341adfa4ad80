"""A source that misbehaves (errors, HTML, slow answers, odd paging, duplicates, huge or malformed
fields) yields clear harvest errors, never a crash, and leaves already-imported datasets intact."""
from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from ckanext.chervonohrad.harvest import client as client_
from tests.factories import Publisher
from tests.harvest import helpers

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "harvest")


def recorded(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def dataset(number, **changes):
    remote = recorded("dgua_complete.json")
    remote["id"] = remote["name"] = f"5b1a0f7e-0000-4000-8000-{number:012d}"
    remote.update(changes)
    return remote


class Source(BaseHTTPRequestHandler):
    """`/<key>/api/3/action/...`: answers as MODES[key] says."""

    MODES: dict[str, str] = {}
    DATASETS: dict[str, list] = {}

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json"):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def ok(self, result):
        self.send(200, json.dumps({"success": True, "result": result}, ensure_ascii=False))

    def do_GET(self):
        url = urlparse(self.path)
        key, _, action = url.path.strip("/").partition("/api/3/action/")
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        mode, datasets = self.MODES.get(key, "good"), self.DATASETS.get(key, [])
        start, rows = int(params.get("start", 0)), int(params.get("rows", 100))
        if action == "organization_show":
            return self.ok(recorded("organization_show.json"))
        if action == "organization_list":
            return self.ok([] if int(params.get("offset", 0)) else [recorded("organization_show.json")])
        if mode == "error500":
            return self.send(500, "<html><body>Internal Server Error</body></html>", "text/html")
        if mode == "html":
            return self.send(200, "<!DOCTYPE html><html><body>Портал на обслуговуванні</body></html>", "text/html")
        if mode == "slow":
            time.sleep(3)
        if mode == "badjson":
            return self.send(200, '{"success": true, "result": {"count": 1, "results": [')
        if mode == "notckan":
            return self.send(200, '{"datasets": []}')
        if mode == "refused":
            return self.send(403, json.dumps({"success": False, "error": {"message": "Access denied"}}))
        if mode == "stuck":  # ignores `start`
            start = 0
        if mode == "bigpage":
            return self.ok({"count": 1, "results": [dataset(1, notes="x" * 200_000)]})
        self.ok({"count": len(datasets), "results": datasets[start:start + rows]})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Source)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture
def home(clean_db):
    return Publisher(name="harvest-home", edrpou="26162800")


def source_at(server, key, home, datasets, mode="good", **config):
    Source.MODES[key], Source.DATASETS[key] = mode, datasets
    return helpers.create_source(f"src-{key}", f"{server}/{key}", home["id"], {"page_size": 2, **config})


def gather_errors(report):
    return "\n".join(e["message"] for e in report["gather_errors"])


@pytest.mark.parametrize("mode, message", [
    ("error500", "HTTP 500"),
    ("html", "web page (HTML) instead of JSON"),
    ("slow", "did not answer within 1 s"),
    ("badjson", "answer is not JSON: HTTP 200, application/json"),
    ("notckan", "not a CKAN API answer"),
    ("refused", "Access denied"),
    ("stuck", "paging does not move on"),
])
def test_a_misbehaving_source_is_a_gather_error_and_keeps_what_was_imported(server, home, mode, message):
    key = f"m-{mode}"
    source = source_at(server, key, home, [dataset(1), dataset(2), dataset(3)], timeout=1,
                       removed_datasets="delete")
    job, report, objects = helpers.run(source)
    assert {o.report_status for o in objects.values()} == {"added"}
    imported = {guid: helpers.local(o.package_id) for guid, o in objects.items()}

    Source.MODES[key] = mode
    job, report, objects = helpers.run(source)
    assert job["status"] == "Finished"
    assert message in gather_errors(report), gather_errors(report)
    assert objects == {}
    for before in imported.values():
        after = helpers.local(before["id"])
        assert (after["state"], after["metadata_modified"]) == ("active", before["metadata_modified"])


def test_pages_that_overlap_and_duplicate_names(server, home):
    twin = dataset(6)
    twin["id"] = "5b1a0f7e-0000-4000-8000-999999999999"  # another dataset, the same name
    datasets = [dataset(5), dataset(6), dataset(6), twin, dataset(5), dataset(7)]
    source = source_at(server, "dup", home, datasets)
    job, report, objects = helpers.run(source)
    assert len(objects) == 4
    names = {helpers.local(o.package_id)["name"] for o in objects.values()}
    assert names == {dataset(5)["name"], dataset(6)["name"], dataset(6)["name"] + "1", dataset(7)["name"]}
    assert report["gather_errors"] == []


def test_an_entry_without_id_is_a_gather_error(server, home):
    source = source_at(server, "noid", home, [dataset(1), {"name": "no-id"}])
    job, report, objects = helpers.run(source)
    assert "without an id" in gather_errors(report)


def test_an_answer_too_large_is_refused(server, home, monkeypatch):
    monkeypatch.setattr(client_, "MAX_ANSWER_BYTES", 100_000)
    source = source_at(server, "big", home, [], mode="bigpage")
    job, report, objects = helpers.run(source)
    assert "larger than" in gather_errors(report)


def test_a_huge_dataset_is_an_object_error_the_others_import(server, home, monkeypatch):
    from ckanext.chervonohrad.harvest import harvester

    monkeypatch.setattr(harvester, "MAX_OBJECT_BYTES", 50_000)
    huge = dataset(11)
    huge["resources"] = [{"name": f"r{i}", "url": f"https://data.example/{i}.csv", "description": "y" * 500}
                         for i in range(200)]
    source = source_at(server, "huge", home, [dataset(10), huge])
    job, report, objects = helpers.run(source)
    assert objects[dataset(10)["id"]].report_status == "added"
    assert objects[huge["id"]].report_status == "errored"
    assert any("more than the 50000" in e for e in helpers.errors_of(report, huge["id"]))


def test_malformed_fields_become_a_draft_with_errors(server, home):
    odd = dataset(20, notes=["not", "text"], tags="not a list", resources="nope", extras="nope",
                  title="T" * 300, maintainer_email=12)
    source = source_at(server, "odd", home, [odd, dataset(21)])
    job, report, objects = helpers.run(source)
    assert objects[odd["id"]].report_status == "added"
    local = helpers.local(objects[odd["id"]].package_id)
    assert local["state"] == "draft"
    assert len(local["title"]) == 254
    errors = "\n".join(helpers.errors_of(report, odd["id"]))
    assert "notes" in errors and "title" in errors and "300" in errors
    assert helpers.local(objects[dataset(21)["id"]].package_id)["state"] == "active"


def test_an_unreachable_source(home):
    source = helpers.create_source("src-nowhere", "http://127.0.0.1:9/", home["id"], {"timeout": 2})
    job, report, objects = helpers.run(source)
    assert "Cannot reach the source" in gather_errors(report)


def test_a_bad_configuration_is_refused_when_saved(home):
    import ckan.plugins.toolkit as tk

    with pytest.raises(tk.ValidationError) as raised:
        helpers.create_source("src-bad", "http://127.0.0.1:9/", home["id"], {"removed_datasets": "purge"})
    assert "keep" in str(raised.value.error_dict)
    with pytest.raises(tk.ValidationError) as raised:
        helpers.create_source("src-bad2", "http://127.0.0.1:9/", home["id"], {"owner_org": "no-such-org"})
    assert "no-such-org" in str(raised.value.error_dict)


def test_edrpou_filter(server, home):
    source = source_at(server, "orgs", home, [dataset(30)], edrpou=["26162800"])
    job, report, objects = helpers.run(source)
    assert "No organization at the source has the EDRPOU code 26162800" in gather_errors(report)
    assert objects == {}

    source = source_at(server, "orgs2", home, [dataset(31)], edrpou=["14360570"])
    job, report, objects = helpers.run(source)
    assert report["gather_errors"] == []
    assert [o.report_status for o in objects.values()] == ["added"]


def test_a_source_without_datasets_deletes_nothing(server, home):
    source = source_at(server, "empty", home, [dataset(40)], removed_datasets="delete")
    job, report, objects = helpers.run(source)
    package_id = objects[dataset(40)["id"]].package_id
    Source.DATASETS["empty"] = []
    job, report, objects = helpers.run(source)
    assert "lists no datasets" in gather_errors(report)
    assert helpers.local(package_id)["state"] == "active"
