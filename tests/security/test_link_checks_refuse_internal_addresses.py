"""Link checks (and everything that uses common/outbound.py) fetch only public addresses.

A publisher's editor types a resource URL; a link check used to GET whatever it named, Solr's
admin API on 127.0.0.1:8983 included, and stored the outcome (a port scanner). The servers
here are real, started on 127.0.0.1, and record whether they were hit: a refused URL must not
reach them at all. test.ini lets the link-check tests fetch 127.0.0.1 and localhost
(`link_check_allowed_hosts`); these tests switch that off, or narrow it, to prove refusal.
"""
from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import time
from http.server import BaseHTTPRequestHandler

import pytest

from ckan import model
from ckan.lib import uploader

from ckanext.chervonohrad.common import outbound
from ckanext.chervonohrad.quality import engine, linkcheck
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck
from tests.factories import PassportDataset
from tests.servers import LoopbackServer

CSV = b"id,name\n1,Shevchenka St\n"
NO_ALLOWLIST = pytest.mark.ckan_config("ckanext.chervonohrad.link_check_allowed_hosts", "")


class Recorder(LoopbackServer):
    """A local HTTP server that records every request it gets; `redirect_to` answers /go."""

    def __init__(self, redirect_to: str | None = None):
        self.hits: list[tuple[str, str]] = []
        self.redirect_to = redirect_to
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.hits.append((self.path, self.headers.get("Host") or ""))
                if self.path == "/go" and owner.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", owner.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path == "/trickle-body":  # one byte every 0.3 s, for ever
                    self.send_response(200)
                    self.send_header("Content-Type", "text/csv")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self.trickle()
                elif self.path == "/trickle-headers":  # the headers never end
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    self.trickle(b"X-Slow: 1\r\n")
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/csv")
                    self.send_header("Content-Length", str(len(CSV)))
                    self.end_headers()
                    self.wfile.write(CSV)

            def trickle(self, piece=b"x"):
                try:
                    while not owner.stop.is_set():
                        self.wfile.write(piece)
                        self.wfile.flush()
                        owner.stop.wait(0.3)
                except OSError:
                    pass
                self.close_connection = True

        super().__init__(Handler)


@pytest.fixture
def target():
    with Recorder() as running:
        yield running


# ---- which addresses are refused (pure) ---------------------------------------------------

@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private network"), ("172.16.0.1", "private network"), ("192.168.1.1", "private network"),
    ("169.254.169.254", "link-local"),  # the cloud metadata service
    ("fe80::1", "link-local"), ("fc00::1", "unique-local"), ("fd12:3456::1", "unique-local"),
    ("fec0::1", "site-local"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("100.64.0.1", "shared address space"), ("224.0.0.1", "multicast"), ("233.1.1.1", "multicast"),
    ("ff0e::1", "multicast"), ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
    ("198.18.0.1", "private network"), ("192.0.2.1", "private network"), ("2001:db8::1", "private network"),
    ("::ffff:127.0.0.1", "IPv4-mapped IPv6"), ("::ffff:8.8.8.8", "IPv4-mapped IPv6"),
    ("2002:7f00:1::", "IPv6 carrying a loopback IPv4 address"),  # 6to4 of 127.0.0.1
    ("2002:a9fe:a9fe::1", "IPv6 carrying a link-local IPv4 address"),  # 6to4 of 169.254.169.254
    ("64:ff9b::a00:1", "IPv6 carrying a private network IPv4 address"),  # NAT64 of 10.0.0.1
    ("2001::1", "Teredo tunnel"), ("not an address", "not an IP address"),
])
def test_non_public_addresses_are_refused(address, why):
    assert outbound.refusal(address) == why


@pytest.mark.parametrize("address", ["8.8.8.8", "193.109.128.1", "2a00:1450:4001::1", "2002:808:808::",
                                     "64:ff9b::808:808"])
def test_public_addresses_pass(address):
    assert outbound.refusal(address) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST.", "127.1", "2130706433", "0x7f000001",
                                  "0.0.0.0", "0", "[::1]", "[::ffff:127.0.0.1]"])
def test_every_spelling_of_this_machine_is_refused_by_what_it_resolves_to(host):
    with pytest.raises(outbound.RefusedAddress):
        outbound.guard(f"http://{host}:8983/solr/admin/cores?action=STATUS")


def test_an_allowlist_names_hosts_addresses_or_networks():
    assert outbound.guard("http://localhost:1/", ["LocalHost"]).host == "localhost"
    assert outbound.guard("http://127.0.0.1:1/", ["127.0.0.0/8"]).port == 1
    assert outbound.guard("http://10.1.2.3/x?y=1", ["10.1.2.3"]).request_target == "/x?y=1"
    with pytest.raises(outbound.RefusedAddress):  # a name is matched exactly, not as a suffix
        outbound.guard("http://localhost:1/", ["host"])


# ---- link checks: refused without connecting ----------------------------------------------

@NO_ALLOWLIST
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.1"])
def test_a_link_to_this_machine_is_refused_and_never_fetched(target, host):
    check = linkcheck.check_url(target.url(host=host), "CSV")
    assert not check.ok and check.reason == "refused_address" and check.status_code is None
    assert check.detail == "not checked: the link points to a non-public address (loopback)"
    assert target.hits == []


@NO_ALLOWLIST
def test_solr_s_admin_api_is_not_fetched_and_a_closed_port_reads_the_same():
    open_port = linkcheck.check_url("http://127.0.0.1:8983/solr/admin/cores?action=STATUS", "JSON")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    closed_port = linkcheck.check_url(f"http://127.0.0.1:{port}/solr/admin/cores?action=STATUS", "JSON")
    assert open_port == closed_port  # the stored outcome says nothing about what listens there
    assert open_port.reason == "refused_address" and "HTTP" not in open_port.detail


@pytest.mark.ckan_config("ckanext.chervonohrad.link_check_allowed_hosts", "localhost")
def test_a_redirect_from_an_allowed_host_to_another_address_is_refused_at_that_hop(target):
    with Recorder(redirect_to=target.url("/data.csv")) as allowed:
        check = linkcheck.check_url(allowed.url("/go", host="localhost"), "CSV")
        assert allowed.hits == [("/go", f"localhost:{allowed.port}")]  # Host: the name, not the address
    assert not check.ok and check.reason == "refused_address"
    assert target.hits == []


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:6379/_INFO"])
def test_a_redirect_to_another_scheme_is_refused(target, location):
    with Recorder(redirect_to=location) as allowed:
        check = linkcheck.check_url(allowed.url("/go"), "CSV")
    assert not check.ok and check.reason == "unsupported_scheme"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/a.csv", "file:///etc/passwd", "javascript://x.csv%0aalert(1)",
                                 "gopher://127.0.0.1:6379/_FLUSHALL", "dict://127.0.0.1:11211/stat"])
def test_only_http_and_https_links_are_fetched(url):
    check = linkcheck.check_url(url, "CSV")
    assert not check.ok and check.reason == "unsupported_scheme"


def test_a_user_name_or_password_in_the_link_is_refused(target):
    check = linkcheck.check_url(target.url().replace("http://", "http://admin:secret@"), "CSV")
    assert not check.ok and check.reason == "invalid_url" and target.hits == []


def test_allowed_hosts_are_still_fetched(target):  # test.ini's allowlist: 127.0.0.1 localhost
    assert linkcheck.check_url(target.url(), "CSV").ok and len(target.hits) == 1


# ---- connect to the address checked; an overall deadline -----------------------------------

def test_the_host_is_resolved_once_and_the_checked_address_is_the_one_connected(target, monkeypatch):
    """DNS rebinding: a name that answers a public address to the check and 127.0.0.1 to the
    connection. The lookup is made once; the connection goes to the checked public address
    (refused here: the tests have no network), never to the local server."""
    real, lookups = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) > 1 else "8.8.8.8"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    connected = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connected.append(address[0])
        if address[0] == "8.8.8.8":  # no network in tests: the public address does not answer
            raise ConnectionRefusedError
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket.socket, "connect", connect)
    with pytest.raises(outbound.ConnectionFailed):
        outbound.get(f"http://rebind.example:{target.port}/data.csv", timeout=1, deadline=2)
    assert lookups == ["rebind.example"] and connected == ["8.8.8.8"] and target.hits == []


@pytest.mark.parametrize("path, phase", [("/trickle-body", "body"), ("/trickle-headers", "answer")])
def test_a_trickling_server_is_cut_off_at_the_deadline(target, path, phase):
    started = time.monotonic()
    with pytest.raises(outbound.Timeout) as raised:
        outbound.get(target.url(path), allowed_hosts=["127.0.0.1"], timeout=1, deadline=2, max_bytes=10 ** 6)
    assert 1.9 < time.monotonic() - started < 3 and raised.value.phase == phase


def test_at_most_max_bytes_are_read(target):
    answer = outbound.get(target.url(), allowed_hosts=["127.0.0.1"], max_bytes=5)
    assert answer.status == 200 and answer.body == CSV[:5] and answer.truncated
    whole = outbound.get(target.url(), allowed_hosts=["127.0.0.1"])
    assert whole.body == CSV and not whole.truncated and whole.content_type == "text/csv"


@pytest.fixture
def tls_target(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    with Recorder() as running:
        running.cert = str(cert)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        running.httpd.socket = context.wrap_socket(running.httpd.socket, server_side=True)
        yield running


def test_certificates_are_still_verified_on_the_pinned_connection(tls_target):
    check = linkcheck.check_url(f"https://localhost:{tls_target.port}/data.csv", "CSV")
    assert not check.ok and check.reason == "connection" and "TLS/SSL" in check.detail
    assert tls_target.hits == []


def test_tls_checks_the_url_s_host_name_not_the_address_connected(tls_target, monkeypatch):
    """Trusting the test certificate (for localhost only): the connection goes to 127.0.0.1,
    SNI and the certificate check use the name, so localhost passes and 127.0.0.1 does not."""
    monkeypatch.setattr(outbound.certifi, "where", lambda: tls_target.cert)
    check = linkcheck.check_url(f"https://localhost:{tls_target.port}/data.csv", "CSV")
    assert check.ok and check.status_code == 200
    assert tls_target.hits == [("/data.csv", f"localhost:{tls_target.port}")]
    by_address = linkcheck.check_url(f"https://127.0.0.1:{tls_target.port}/data.csv", "CSV")
    assert not by_address.ok and "TLS/SSL" in by_address.detail and len(tls_target.hits) == 1


# ---- through a dataset's job: stored, shown in both languages ------------------------------

@NO_ALLOWLIST
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_dataset_s_internal_link_is_stored_as_refused_replacing_an_old_http_200(target):
    dataset = PassportDataset(resources=[
        {"url": target.url(), "name": "data", "format": "CSV", "resource_role": "data"},
        {"url": target.url("/structure.csv"), "name": "structure", "format": "CSV", "resource_role": "structure"}])
    resource_id = next(r["id"] for r in dataset["resources"] if r["name"] == "data")
    # A check stored before this fix, when the link checker fetched internal addresses.
    model.Session.add(LinkCheck(resource_id=resource_id, package_id=dataset["id"], url=target.url(), ok=True,
                                status_code=200, content_type="text/csv", detail="HTTP 200"))
    model.Session.commit()

    linkcheck.check_dataset(dataset["id"])

    model.Session.expire_all()
    row = model.Session.get(LinkCheck, resource_id)
    assert not row.ok and row.reason == "refused_address" and row.status_code is None
    assert target.hits == []
    availability = next(i for i in model.Session.get(DatasetScore, dataset["id"]).indicators
                        if i["key"] == "availability")
    assert "non-public address" in availability["detail"]
    assert engine.REASONS_UK["refused_address"] in availability["detail_uk"]


@pytest.mark.parametrize("lang, text", [
    ("uk", "Посилання веде на внутрішню (не публічну) адресу; портал такі адреси не відкриває."),
    ("en", "The link points to an internal (non-public) address; the portal does not open such addresses."),
])
def test_a_refusal_reads_in_the_page_s_language(app, lang, text):
    with pytest.raises(outbound.RefusedAddress) as refused:
        outbound.guard("http://169.254.169.254/latest/meta-data/")
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": lang}):
        assert outbound.message(refused.value) == text


@NO_ALLOWLIST
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_uploads_are_checked_in_the_storage_though_their_url_is_the_portal_s_own():
    """The demo's files are uploads: their URL is on the portal (ckan.site_url, 127.0.0.1 on the
    demo), but a check looks in the storage and never fetches it, so refusal does not touch them."""
    dataset = PassportDataset(resources=[
        {"url": "rows.csv", "url_type": "upload", "name": "rows.csv", "format": "CSV", "resource_role": "data"},
        {"url": "fields.csv", "url_type": "upload", "name": "fields.csv", "format": "CSV",
         "resource_role": "structure"}])
    paths = [uploader.get_resource_uploader(r).get_path(r["id"]) for r in dataset["resources"]]
    for path in paths:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(CSV)
    try:
        results = linkcheck.check_dataset(dataset["id"])
    finally:
        for path in paths:
            os.remove(path)
    assert all(check.ok and check.detail.startswith("uploaded file") for check in results.values())
