"""Fixtures for the whole suite. Every test runs against the real services that
`make services` starts (PostgreSQL, Solr, Redis); a missing one fails the run."""
from __future__ import annotations

import copy
import functools
import inspect
import io
import os
import socket
import sys
import threading
from collections.abc import Sequence

import pytest
from werkzeug.serving import make_server

from tests import ROOT

# Plugins of test.ini with alembic migrations of their own (`ckan db upgrade -p …`).
PLUGINS_WITH_MIGRATIONS = ("activity", "harvest", "chervonohrad")


class _LazyStack(Sequence):
    """inspect.stack() with each record made when it is read. CKAN's toolkit calls
    inspect.stack()[n].filename up to 20 times per app it makes (add_template_directory,
    add_resource…); the full list reads the source of every frame under pytest's deep
    stack, about a second per app. The records read are the ones inspect makes."""

    def __init__(self, frame, context):
        self._frames = []
        while frame is not None:
            self._frames.append(frame)
            frame = frame.f_back
        self._context = context

    def _record(self, frame):
        info = inspect.getframeinfo(frame, self._context)
        return inspect.FrameInfo(frame, *info, positions=info.positions)

    def __len__(self):
        return len(self._frames)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._record(frame) for frame in self._frames[index]]
        return self._record(self._frames[index])


def _lazy_stack(context=1):
    return _LazyStack(sys._getframe(1), context)


inspect.stack = _lazy_stack


def _parsed_once(parse):
    """`parse` (yaml.safe_load, msgspec.yaml.decode) remembering what each text parses to: the
    app each test makes reads the same YAML again (CKAN's config declaration, the plugins' and
    the scheming schemas), about 0.3 s a time. Each call gets its own copy; a text that fails
    to parse fails as before, each time."""
    cache = {}

    @functools.wraps(parse)
    def parse_cached(stream, *args, **kwargs):
        if args or kwargs:
            return parse(stream, *args, **kwargs)
        text = stream.read() if hasattr(stream, "read") else stream
        if not isinstance(text, (str, bytes)):
            return parse(text)
        if text not in cache:
            source = text
            if hasattr(stream, "read"):  # YAML's messages name the file read
                source = io.StringIO(text) if isinstance(text, str) else io.BytesIO(text)
                source.name = getattr(stream, "name", "<file>")
            cache[text] = parse(source)
        return copy.deepcopy(cache[text])
    return parse_cached


def _entry_points_once(entry_points):
    """importlib.metadata.entry_points for CKAN's plugin loading, read once per group and name
    (nothing is installed while the suite runs): it reads every installed package's metadata,
    about 0.15 s per app."""
    @functools.cache
    def lookup(**selection):
        return entry_points(**selection)  # an EntryPoints: immutable, and indexed by name on CKAN 2.12

    @functools.wraps(entry_points)
    def cached(**selection):
        return lookup(**selection) if selection else entry_points()
    return cached


def _faster_app_creation():
    import msgspec.yaml
    import yaml

    from ckan.plugins import core

    yaml.safe_load = _parsed_once(yaml.safe_load)
    msgspec.yaml.decode = _parsed_once(msgspec.yaml.decode)
    core.entry_points = _entry_points_once(core.entry_points)


_faster_app_creation()


def _emptied_in_one_statement(repo) -> None:
    """CKAN's Repository.delete_all, as one TRUNCATE: it empties the same tables (every table
    of the model's metadata but alembic_version) and leaves them in place, with two queries
    instead of two per table (a has_table check and a DELETE, about 0.5 s per test). CASCADE
    takes along the retired revision tables of CKAN 2.8 that still point at them; they are
    empty in a test database. Not DELETE, though it is quicker: the space deleted rows leave
    is reused, so rows read without ORDER BY (a dataset's extras in package_show) come back in
    another order than they were written, and documents built twice of one dataset differ."""
    import sqlalchemy as sa

    repo.session.remove()
    connection = repo.session.connection()
    existing = set(sa.inspect(connection).get_table_names())
    tables = [table.name for table in repo.metadata.sorted_tables
              if table.name != "alembic_version" and table.name in existing]
    if tables:
        connection.execute(sa.text("TRUNCATE " + ", ".join(f'"{name}"' for name in tables) + " CASCADE"))
    repo.session.commit()


def _cheaper_test_passwords():
    """Users the tests make get passwords hashed with fewer PBKDF2 rounds (the portal's own
    default is 25,000 rounds, about 45 ms a user; a test makes up to ten). passlib reads the
    rounds from each hash, so logging in checks these as any other hash."""
    from passlib.hash import pbkdf2_sha512

    from ckan.model import user

    user.pbkdf2_sha512 = pbkdf2_sha512.using(rounds=1000)


def _faster_resets():
    from ckan import model

    model.Repository.delete_all = _emptied_in_one_statement


_cheaper_test_passwords()
_faster_resets()



# Tests that share something outside their worker's database, core and Redis db, so each set runs
# on one xdist worker: the stock portal adopted once per session (database ckan_stock_test, cores
# ckan_stock and ckan_stock_adopted, var/stock-adoption) and the harvest tests' source portal
# (database ckan_source_test). xdist hands out the largest groups first.
XDIST_GROUPS = (
    ("stock_portal", lambda item: _under(item, "stock_portal")),
    ("source_portal", lambda item: _under(item, "harvest") and "source" in item.fixturenames),
    ("web_nodes", lambda item: "nodes" in item.fixturenames),  # two gunicorns per session (tests/serving)
    ("solrcloud", lambda item: "cloud" in item.fixturenames),  # ZooKeeper and two Solr nodes (tests/solr)
)

# Fixtures made once per module or class for tests that only read what they made (the demo load,
# ~20 s; a crafted portal, seconds; a wheel build), with the scope they are made in. xdist hands
# out ungrouped tests one by one, so each worker that got one of them would make its own: the
# tests of one such module or class run as a group, on one worker.
SHARED_SETUPS = {
    "loaded": pytest.Module,
    "wheel_names": pytest.Module,
    "upgraded": pytest.Module,  # a portal made on CKAN 2.11 and upgraded (tests/upgrade), ~2 min
    "shared_portal": pytest.Class,
    "shared_busy_portal": pytest.Class,
    "shared_snapshot": pytest.Class,
    # restore points (restore_point below), made once per module
    "_people": pytest.Module,
    "_world": pytest.Module,
    "_portal": pytest.Module,
    "_oblast": pytest.Module,
    "_finance": pytest.Module,
    "_stock": pytest.Module,
}


def _shared_setup_group(item) -> str | None:
    """The node id of the module or class whose shared fixture `item` uses, if any."""
    for name, scope in SHARED_SETUPS.items():
        if name in item.fixturenames:
            node = item.getparent(scope)
            if node is not None:
                return node.nodeid
    return None


def _under(item, folder: str) -> bool:
    return os.path.join(os.path.dirname(__file__), folder) + os.sep in str(item.path)


def worker_ini(ini: str, worker: str) -> str:
    """The configuration of xdist worker `worker` (gw0, gw1…) of a session run under `ini`:
    var/test-gw0.ini for test.ini, written by `scripts/configure.sh test`."""
    stem = os.path.splitext(os.path.basename(ini))[0]
    return os.path.join(ROOT, "var", f"{stem}-{worker}.ini")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """Under pytest-xdist each worker runs under its own ini (CKAN reads --ckan-ini when the
    session starts, after this), and the groups above stay together on one worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        ini = worker_ini(config.option.ckan_ini, worker)
        if not os.path.isfile(ini):
            raise pytest.UsageError(f"{ini} is missing: run `scripts/configure.sh test` (make test-db), "
                                    f"which makes {os.environ.get('PYTEST_XDIST_WORKER_COUNT')} workers' "
                                    "files with CHERVONOHRAD_TEST_WORKERS set to at least that")
        config.option.ckan_ini = ini
        config.option.loadgroup = True
    elif getattr(config.option, "numprocesses", None):
        if config.option.dist == "load":
            config.option.dist = "loadgroup"
        elif config.option.dist != "loadgroup":
            raise pytest.UsageError("this suite runs in parallel with --dist loadgroup (the default here)")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which turns the marks into node ids
def pytest_collection_modifyitems(config, items):
    if not getattr(config.option, "loadgroup", False):  # only an xdist worker reads the groups
        return
    for item in items:
        group = next((group for group, applies in XDIST_GROUPS if applies(item)), None) or _shared_setup_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session", autouse=True)
def with_portal_plugins():
    """CKAN's test session unloads extension plugins before the first test; load the
    portal's full list from test.ini once for the whole session. (An xdist worker runs its own
    test loop, not CKAN's pytest_runtestloop that unloads them: unloaded here too.)"""
    from ckan import plugins
    from ckan.common import config

    # CKAN 2.12 has no system plugins any more, nor unload_non_system_plugins.
    getattr(plugins, "unload_non_system_plugins", plugins.unload_all)()
    plugins.load(*config["ckan.plugins"])
    yield
    plugins.unload(*config["ckan.plugins"])


def _plugin_versions():
    """The alembic revision each migrating plugin's version table records (None: no table)."""
    from sqlalchemy import text

    from ckan import model

    versions = {}
    with model.meta.engine.connect() as connection:
        for plugin in PLUGINS_WITH_MIGRATIONS:
            table = f"{plugin}_alembic_version"
            if connection.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar() is None:
                versions[plugin] = None
            else:
                versions[plugin] = tuple(sorted(
                    row[0] for row in connection.execute(text(f'SELECT version_num FROM "{table}"'))))
    return versions


# The `app` of a test made under the same configuration as the previous test's is that app again,
# not a new one (~0.5-1 s each; 550 tests ask for one). CHERVONOHRAD_TEST_REUSE_APP=0 turns it off.
REUSE_APP = os.environ.get("CHERVONOHRAD_TEST_REUSE_APP", "1") != "0"


class _LastApp:
    """The app the last test got, with what makes a new one unnecessary: the configuration it
    was made under and the one making it left (CKAN's load_environment adds to it), the plugins
    loaded, the app's routes, and CKAN's request context of the app made last (another app made
    since, outside this fixture, changed CKAN's globals)."""

    def __init__(self):
        self.wsgi = None

    @staticmethod
    def _routes(wsgi):
        flask_app = wsgi._wsgi_app
        return (frozenset(flask_app.view_functions), len(list(flask_app.url_map.iter_rules())),
                sum(len(funcs) for funcs in flask_app.before_request_funcs.values()))

    @staticmethod
    def _context():
        from ckan.config import middleware
        return getattr(middleware, "_internal_test_request_context", None)

    def get(self, config):
        from ckan.plugins import core

        if (self.wsgi is None or self.before != dict(config) or self.plugins != tuple(core._PLUGINS)
                or self.routes != self._routes(self.wsgi) or self.context is not self._context()):
            return None
        config.update(self.after)
        self.wsgi._wsgi_app._got_first_request = False  # as a new app: a test may still add a route
        from ckan.lib import app_globals
        app_globals.reset()
        return self.wsgi

    def made(self, config, before, wsgi):
        from ckan.plugins import core

        self.before, self.after, self.wsgi = before, dict(config), wsgi
        self.plugins, self.routes, self.context = tuple(core._PLUGINS), self._routes(wsgi), self._context()


_last_app = _LastApp()


@pytest.fixture
def make_app(ckan_config):
    """pytest-ckan's make_app; with REUSE_APP, the last app again where nothing it was made of changed."""
    from ckan.lib.app_globals import _CONFIG_CACHE
    from ckan.tests import helpers

    _CONFIG_CACHE.clear()  # as pytest-ckan's: values cached by earlier tests go
    if not REUSE_APP:
        return helpers._get_test_app

    def make():
        wsgi = _last_app.get(ckan_config)
        if wsgi is not None:
            return helpers.CKANTestApp(wsgi)
        before = dict(ckan_config)
        app = helpers._get_test_app()
        _last_app.made(ckan_config, before, app.app)
        return app
    return make


@pytest.fixture(scope="session")
def reset_portal_db(reset_db, migrate_db_for):
    """CKAN's reset drops every table on its first run in a session and rebuilds only
    core's; this brings back the tables of the plugins that migrate their own.

    Later resets only empty the tables (CKAN's delete_all), which leaves the plugins'
    tables and version rows in place: the plugins' migrations (about 0.2 s, all no-ops at
    head) run again only when a version row differs from the one they left."""
    from ckan import model

    at_head = {}

    def reset():
        dropped = not model.repo.tables_created_and_initialised
        reset_db()
        if dropped or not at_head or _plugin_versions() != at_head:
            for plugin in PLUGINS_WITH_MIGRATIONS:
                migrate_db_for(plugin)
            at_head.clear()
            at_head.update(_plugin_versions())
    return reset


@pytest.fixture
def clean_db(reset_portal_db):
    reset_portal_db()


class RestorePoint:
    """What a set-up left in the test database, its Redis database and its search index,
    and the set-up's result: `restore()` empties all three and puts that back (COPY into
    each table, Redis's DUMP/RESTORE, the search documents CKAN's indexer made from those rows
    when the point was taken, sent again in one request), in a fraction of a second where the
    set-up itself takes seconds. A room's fixture that makes the same publishers and datasets
    for each test of a module makes them once per module (`restore_point`) and restores them
    for every test, which starts as it would have after a fresh set-up."""

    def __init__(self, result, reset_db):
        import sqlalchemy as sa

        from ckan import model
        from ckan.lib.redis import connect_to_redis

        self.result, self._reset_db = result, reset_db
        model.Session.commit()
        connection = model.Session.connection()
        existing = set(sa.inspect(connection).get_table_names())
        cursor = connection.connection.cursor()
        self.tables = []  # (name, rows as COPY writes them), parents before the tables pointing at them
        for table in model.repo.metadata.sorted_tables:
            if table.name == "alembic_version" or table.name not in existing:
                continue
            rows = io.BytesIO()
            cursor.copy_expert(f'COPY "{table.name}" TO STDOUT', rows)
            if rows.getvalue():
                self.tables.append((table.name, rows.getvalue()))
        # A deleted dataset has no document (restore() starts from an empty index).
        package_ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM package WHERE state <> 'deleted'"))]
        model.Session.commit()
        self.documents = _index_documents(package_ids)
        redis = connect_to_redis()
        self.redis = [(key, max(redis.pttl(key), 0), redis.dump(key)) for key in redis.keys("*")]

    def restore(self):
        from ckan import model
        from ckan.lib import search
        from ckan.lib.redis import connect_to_redis

        self._reset_db()
        cursor = model.Session.connection().connection.cursor()
        for name, rows in self.tables:
            cursor.copy_expert(f'COPY "{name}" FROM STDIN', io.BytesIO(rows))
        model.Session.commit()
        redis = connect_to_redis()
        redis.flushdb()
        for key, ttl, value in self.redis:
            redis.restore(key, ttl, value, replace=True)
        search.clear_all()
        if self.documents:
            search.make_connection().add(docs=copy.deepcopy(self.documents), commit=True)
        return copy.deepcopy(self.result)


def _index_documents(package_ids) -> list[dict]:
    """The documents CKAN's indexer makes of these datasets as the tables hold them now."""
    from ckan.lib import search

    from ckanext.chervonohrad.quality import fast_index

    if not package_ids:
        return []
    with fast_index.collected_documents() as documents:
        search.rebuild(package_ids=package_ids, defer_commit=True, quiet=True)
    return copy.deepcopy(documents)


@pytest.fixture(scope="session")
def restore_point(reset_portal_db, reset_redis, reset_index):
    """restore_point(set_up): a RestorePoint of what `set_up()` makes on an empty database,
    Redis and index."""
    def make(set_up) -> RestorePoint:
        reset_portal_db()
        reset_redis()
        reset_index()
        return RestorePoint(set_up(), reset_portal_db)
    return make


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
SCREENSHOTS = os.path.join(ROOT, "var", "screenshots")


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

    from ckanext.chervonohrad.common.jobs import URGENT

    queue = jobs.get_queue(URGENT)  # emails have a queue of their own (common/jobs.QUEUES)
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
