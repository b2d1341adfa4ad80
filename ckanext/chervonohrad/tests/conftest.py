"""Fixtures for the whole suite. Every test runs against the real services that
`make services` starts (PostgreSQL, Solr, Redis); a missing one fails the run."""
from __future__ import annotations

import os
import socket
import threading

import pytest
from werkzeug.serving import make_server

# Plugins of test.ini with alembic migrations of their own (`ckan db upgrade -p …`).
PLUGINS_WITH_MIGRATIONS = ("activity", "harvest", "chervonohrad")


@pytest.fixture(scope="session", autouse=True)
def with_portal_plugins():
    """CKAN's test session unloads extension plugins before the first test; load the
    portal's full list from test.ini once for the whole session."""
    from ckan import plugins
    from ckan.common import config

    plugins.load(*config["ckan.plugins"])
    yield
    plugins.unload(*config["ckan.plugins"])


@pytest.fixture(scope="session")
def reset_portal_db(reset_db, migrate_db_for):
    """CKAN's reset drops every table on its first run in a session and rebuilds only
    core's; this brings back the tables of the plugins that migrate their own."""
    def reset():
        reset_db()
        for plugin in PLUGINS_WITH_MIGRATIONS:
            migrate_db_for(plugin)
    return reset


@pytest.fixture
def clean_db(reset_portal_db):
    reset_portal_db()


@pytest.fixture(scope="session", autouse=True)
def services_are_up():
    """Fail loudly, once, when a service is down, instead of skipping anything."""
    from urllib.parse import urlparse

    from ckan.common import config

    for what, url in (
        ("PostgreSQL", config["sqlalchemy.url"]),
        ("Solr", config["solr_url"]),
        ("Redis", config["ckan.redis.url"]),
    ):
        parsed = urlparse(url)
        try:
            socket.create_connection((parsed.hostname, parsed.port), timeout=3).close()
        except OSError as error:
            pytest.exit(f"{what} is not reachable at {parsed.hostname}:{parsed.port} ({error}); run `make services`", 3)


@pytest.fixture
def live_server(app, ckan_config, monkeypatch):
    """The test app served over real HTTP on a free loopback port, for a browser.
    Redirects are built from ckan.site_url, so it points at this server."""
    server = make_server("127.0.0.1", 0, app.app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setitem(ckan_config, "ckan.site_url", base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join(timeout=5)


# Debian's Chromium, driven by Playwright; its own browser download cannot work here.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "var", "screenshots")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    yield context.new_page()
    context.close()


class _Screenshots:
    """screenshot(name): save `.page` under var/screenshots/ for a person to look at.
    A journey with several browser contexts points `.page` at the one to capture."""

    def __init__(self, page=None):
        self.page = page
        os.makedirs(SCREENSHOTS, exist_ok=True)

    def __call__(self, name: str) -> str:
        path = os.path.abspath(os.path.join(SCREENSHOTS, f"{name}.png"))
        self.page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def screenshot(request):
    return _Screenshots(request.getfixturevalue("page") if "page" in request.fixturenames else None)


@pytest.fixture
def ukrainian(app):
    """Direct action calls translate their messages as a Ukrainian page request would."""
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "uk"}):
        yield


MAIL_JOB = "ckanext.chervonohrad.common.mail.deliver"


def _queued_mail_jobs():
    from ckan.lib import jobs

    queue = jobs.get_queue()
    return queue, [job for job in queue.get_jobs() if job.func_name == MAIL_JOB]


@pytest.fixture(autouse=True)
def _no_email_of_earlier_tests():
    """Email an earlier test queued and never read is not this test's to receive."""
    queue, left_over = _queued_mail_jobs()
    for job in left_over:
        queue.remove(job)


class _Inbox:
    """What a real SMTP server on 127.0.0.1 received, as parsed email messages.

    Email goes out through background jobs (common.mail). Reading `messages` (or `to`) first
    delivers the email queued so far, here, as a running worker would; `received` is what
    arrived without that (tests of the queue itself read it and start a real worker)."""

    def __init__(self):
        self.received = []

    @property
    def messages(self):
        queue, queued = _queued_mail_jobs()
        for job in queued:
            queue.remove(job)
            job.perform()
        return self.received

    def handler(self):
        """aiosmtpd's handler (apart: aiosmtpd inspects its handler's members, `messages` too)."""
        received = self.received

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                import email
                from email import policy

                message = email.message_from_bytes(envelope.content, policy=policy.default)
                message.recipients = list(envelope.rcpt_tos)
                received.append(message)
                return "250 Message accepted"

        return Handler()

    def to(self, address: str):
        return [m for m in self.messages if address in m.recipients]

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_inbox(ckan_config):
    """A local SMTP server (aiosmtpd) at the address test.ini gives CKAN's mailer."""
    from aiosmtpd.controller import Controller

    host, port = ckan_config["smtp.server"].split(":")
    inbox = _Inbox()
    controller = Controller(inbox.handler(), hostname=host, port=int(port))
    controller.start()
    yield inbox
    controller.stop()
