"""The harvester fetches only public addresses (as link checks do), allows internal ones only
as the configuration lists them (`host:port` for one port, and then no redirect), never shows
the body of an answer that is not a CKAN answer, and gives up on a source that trickles."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ckanext.harvest.model import HarvestSource

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.harvest import client as client_
from tests.factories import Publisher
from tests.harvest import helpers

OPTION = "ckanext.chervonohrad.harvest_allowed_hosts"
SECRET_CSV = "title,maintainer_email\nПриватний набір,secret.person@example.org\n"


class Target(BaseHTTPRequestHandler):
    """`/<mode>/...`: csv (a Solr-like CSV answer), trickle (one byte every 0.3 s), redirect
    (to Target.REDIRECT_TO), empty (an empty CKAN search)."""

    HITS: list[str] = []
    REDIRECT_TO = ""

    def log_message(self, *args):
        pass

    def do_GET(self):
        Target.HITS.append(self.path)
        mode = self.path.strip("/").split("/")[0]
        if mode == "csv":
            body = SECRET_CSV.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif mode == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(100):  # 30 s in all
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass
        elif mode == "redirect":
            self.send_response(302)
            self.send_header("Location", Target.REDIRECT_TO + self.path.replace("/redirect", "/empty", 1))
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            body = json.dumps({"success": True, "result": {"count": 0, "results": []}}).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


def serve():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def servers():
    first, second = serve(), serve()
    yield first.server_port, second.server_port
    first.shutdown()
    second.shutdown()


@pytest.fixture
def home(clean_db):
    Target.HITS.clear()
    return Publisher(name="harvest-home", edrpou="26162800")


def gather_errors(source):
    job, report, objects = helpers.run(source)
    assert objects == {}
    return "\n".join(e["message"] for e in report["gather_errors"])


def test_a_loopback_source_is_refused_without_connecting(home, servers, monkeypatch):
    monkeypatch.setitem(tk.config, OPTION, "")
    source = helpers.create_source("src", f"http://127.0.0.1:{servers[0]}/empty", home["id"])
    errors = gather_errors(source)
    assert "loopback" in errors, errors
    assert Target.HITS == []


def test_a_source_answering_something_else_than_json_is_described_not_echoed(home, servers):
    # The probe, without its query (refused when saved): a CSV answer of a local service.
    source = helpers.create_source("src", f"http://127.0.0.1:{servers[0]}/csv", home["id"])
    errors = gather_errors(source)
    assert Target.HITS, "the allowed local server was asked"
    assert "secret.person" not in errors and "Приватний" not in errors and "maintainer_email" not in errors
    assert "text/csv" in errors and str(len(SECRET_CSV.encode("utf-8"))) in errors, errors


def test_a_trickling_source_is_cut_off_at_the_deadline(home, servers):
    source = helpers.create_source("src", f"http://127.0.0.1:{servers[0]}/trickle", home["id"], {"timeout": 1})
    started = time.monotonic()
    errors = gather_errors(source)
    assert time.monotonic() - started < 12  # 4 × timeout, not the 30 s the source takes
    assert "did not finish answering within 4 s" in errors, errors


def test_an_allowed_host_and_port_allows_that_port_only_and_no_redirect(home, servers, monkeypatch):
    allowed, other = servers
    monkeypatch.setitem(tk.config, OPTION, f"127.0.0.1:{allowed}")
    good = helpers.create_source("good", f"http://127.0.0.1:{allowed}/empty", home["id"])
    assert "lists no datasets" in gather_errors(good)

    elsewhere = helpers.create_source("elsewhere", f"http://127.0.0.1:{other}/empty", home["id"])
    assert "loopback" in gather_errors(elsewhere)

    Target.REDIRECT_TO = f"http://127.0.0.1:{other}"
    Target.HITS.clear()
    redirecting = helpers.create_source("redirecting", f"http://127.0.0.1:{allowed}/redirect", home["id"])
    assert "redirected" in gather_errors(redirecting)
    assert all(path.startswith("/redirect") for path in Target.HITS), Target.HITS


def test_each_redirect_is_checked(home, servers, monkeypatch):
    # The first host is allowed by name; the redirect goes to an address that is not.
    allowed, other = servers
    monkeypatch.setitem(tk.config, OPTION, "localhost")
    Target.REDIRECT_TO = f"http://127.0.0.1:{other}"
    source = helpers.create_source("src", f"http://localhost:{allowed}/redirect", home["id"])
    assert "loopback" in gather_errors(source)
    assert not any(path.startswith("/empty") for path in Target.HITS), Target.HITS


def test_an_old_source_with_a_query_in_its_address_is_not_fetched(home, servers):
    source = helpers.create_source("src", f"http://127.0.0.1:{servers[0]}/csv", home["id"])
    bad = f"http://127.0.0.1:{servers[0]}/csv?q=private:true&wt=csv#"
    HarvestSource.get(source["id"]).url = bad  # saved before addresses were checked
    model.Package.get(source["id"]).url = bad
    model.Session.commit()
    assert "«URL»" in gather_errors(source)
    assert Target.HITS == []


@pytest.mark.parametrize("url, entries, expected", [
    ("http://127.0.0.1:5001/api/3/action/x", ["127.0.0.1:5001"], (["127.0.0.1"], True)),
    ("http://127.0.0.1:8983/solr/ckan/select", ["127.0.0.1:5001"], ([], False)),
    ("http://127.0.0.1/", ["127.0.0.1:80"], (["127.0.0.1"], True)),
    ("https://intranet.example/", ["intranet.example:443", "10.0.0.0/8"], (["intranet.example", "10.0.0.0/8"], True)),
    ("http://[::1]:5001/", ["[::1]:5001"], (["::1"], True)),
    ("http://[::1]:5002/", ["[::1]:5001", "::1"], (["::1"], False)),
])
def test_allowance(url, entries, expected):
    assert client_.allowance(url, entries) == expected


# ---- ckanext-harvest's own `ckan` harvester (enabled on the portal) fetches through the same rules ----

def ckan_source(name, url, owner_org):
    return tk.get_action("harvest_source_create")(helpers.sysadmin_context(), {
        "name": name, "title": name, "url": url, "source_type": "ckan", "owner_org": owner_org,
        "frequency": "MANUAL", "config": ""})


def ckan_gather_errors(source):
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob
    from ckanext.harvest.tests.lib import run_harvest_job

    job = tk.get_action("harvest_job_create")(helpers.sysadmin_context(), {"source_id": source["id"], "run": False})
    run_harvest_job(HarvestJob.get(job["id"]), queue.get_harvester("ckan"))
    model.Session.remove()
    report = tk.get_action("harvest_job_report")(helpers.sysadmin_context(), {"id": job["id"]})
    return "\n".join(e["message"] for e in report["gather_errors"])


def test_the_ckan_harvester_refuses_a_loopback_source_without_connecting(home, servers, monkeypatch):
    monkeypatch.setitem(tk.config, OPTION, "")
    source = ckan_source("plain", f"http://127.0.0.1:{servers[0]}/csv", home["id"])
    errors = ckan_gather_errors(source)
    assert Target.HITS == [], Target.HITS
    assert "loopback" in errors, errors


def test_the_ckan_harvester_describes_an_answer_that_is_not_json_never_echoes_it(home, servers):
    source = ckan_source("plain", f"http://127.0.0.1:{servers[0]}/csv", home["id"])
    errors = ckan_gather_errors(source)
    assert Target.HITS, "the allowed local server was asked"
    assert "secret.person" not in errors and "Приватний" not in errors and "maintainer_email" not in errors, errors
    assert "text/csv" in errors, errors


def test_the_ckan_harvester_checks_each_redirect(home, servers, monkeypatch):
    allowed, other = servers
    monkeypatch.setitem(tk.config, OPTION, "localhost")
    Target.REDIRECT_TO = f"http://127.0.0.1:{other}"
    source = ckan_source("plain", f"http://localhost:{allowed}/redirect", home["id"])
    errors = ckan_gather_errors(source)
    assert not any(path.startswith("/empty") for path in Target.HITS), Target.HITS
    assert "loopback" in errors, errors
