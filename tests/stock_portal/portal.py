"""A stock CKAN portal made by CKAN alone (config/stock-portal.ini: plugins of core only), then
the same database under this extension's configuration, as an operator adopts it.

Both run as `ckan` subprocesses and `ckan run` servers with their database, Solr core, site id
and URL given through CKAN's environment variables; the test process only reads results.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import requests
import sqlalchemy as sa

from tests import ROOT
from tests.stock_portal import seed

STOCK_INI = os.path.join(ROOT, "config", "stock-portal.ini")
CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")
SOLR = "http://127.0.0.1:8983/solr"
SOLR_HOME = os.path.join(ROOT, "var", "solr")
LOG_DIR = os.path.join(ROOT, "var", "log")
DATABASE = "ckan_stock_test"
STOCK_CORE = "ckan_stock"  # CKAN's schema.xml unchanged (scripts/services.sh)
STOCK_SITE_ID = "chervonohrad-stock-test"
ADOPTED_SITE_ID = "chervonohrad-adopted-test"

# The rows an adoption's dry run must leave alone (and --apply may change only as reported).
# package_extra and group_extra are tables on CKAN 2.11 and the JSONB column `extras` of package
# and group on 2.12: a dump lists them as rows on both (see _extra_rows).
DUMPED_TABLES = {
    "package": "id",
    "package_extra": "id",
    "resource": "id",
    "group": "id",
    "group_extra": "id",
    "member": "id",
    "package_tag": "id",
}
EXTRAS_OF = {"package_extra": ("package", "package_id"), "group_extra": ("group", "group_id")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Run:
    """One finished `ckan` command."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        return f"ckan {' '.join(self.args)} → {self.returncode}\n{self.stdout[-3000:]}\n{self.stderr[-3000:]}"


@dataclass
class Site:
    """A configuration (ini + environment) the same database is run under."""

    ini: str
    env: dict[str, str]
    runs: list[Run] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.env["CKAN_SITE_URL"]

    def ckan(self, *args: str, timeout: int = 300, input: str = "", check: bool = True,
             env: dict[str, str] | None = None) -> Run:
        started = time.monotonic()
        done = subprocess.run([CKAN, "-c", self.ini, *args], env={**os.environ, **self.env, **(env or {})},
                              capture_output=True, text=True, timeout=timeout, input=input, cwd=ROOT)
        run = Run(args, done.returncode, done.stdout, done.stderr, time.monotonic() - started)
        self.runs.append(run)
        if check and run.returncode != 0:
            raise RuntimeError(str(run))
        return run

    def serve(self, log_name: str) -> Server:
        os.makedirs(LOG_DIR, exist_ok=True)
        port = int(self.url.rsplit(":", 1)[1])
        log = open(os.path.join(LOG_DIR, log_name), "ab")  # noqa: SIM115 (closed with the server)
        process = subprocess.Popen([CKAN, "-c", self.ini, "run", "-H", "127.0.0.1", "-p", str(port),
                                    "--disable-reloader"], env={**os.environ, **self.env}, stdout=log, stderr=log,
                                   cwd=ROOT)
        server = Server(self.url, process, log)
        server.wait_until_up()
        return server


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Any

    def wait_until_up(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"`ckan run` at {self.url} exited with {self.process.returncode}")
            try:
                if requests.get(f"{self.url}/api/3/action/status_show", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"`ckan run` did not answer at {self.url} within {seconds} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


class Api:
    """A portal's action API with a user's token (or anonymous)."""

    def __init__(self, url: str, token: str | None = None):
        self.url = url.rstrip("/")
        self.token = token

    def call(self, name: str, /, **data: Any) -> requests.Response:
        headers = {"Authorization": self.token} if self.token else {}
        return requests.post(f"{self.url}/api/3/action/{name}", json=data, headers=headers, timeout=60)

    def action(self, name: str, /, **data: Any) -> Any:
        response = self.call(name, **data)
        answer = response.json()
        if not answer.get("success"):
            raise RuntimeError(f"{name} failed ({response.status_code}): {answer.get('error')}")
        return answer["result"]


def database_url(suite_url: str) -> str:
    """The stock database on the suite's PostgreSQL server."""
    return str(sa.engine.make_url(suite_url).set(database=DATABASE).render_as_string(hide_password=False))


def stock_site(suite_config: dict[str, str]) -> Site:
    port = free_port()
    return Site(STOCK_INI, {
        "CKAN_SQLALCHEMY_URL": database_url(suite_config["sqlalchemy.url"]),
        "CKAN_SOLR_URL": f"{SOLR}/{STOCK_CORE}",
        "CKAN_SITE_ID": STOCK_SITE_ID,
        "CKAN_SITE_URL": f"http://127.0.0.1:{port}",
        "CKAN_REDIS_URL": suite_config["ckan.redis.url"],
        "CKAN_STORAGE_PATH": os.path.join(ROOT, "var", "stock-storage"),
    })


def adopted_site(suite_ini: str, suite_config: dict[str, str], core: str) -> Site:
    """The suite's own configuration (this extension's plugins, scheming, its Solr schema) on the
    stock database: what an operator's ini looks like after adding the extension."""
    port = free_port()
    return Site(suite_ini, {
        "CKAN_SQLALCHEMY_URL": database_url(suite_config["sqlalchemy.url"]),
        "CKAN_SOLR_URL": f"{SOLR}/{core}",
        "CKAN_SITE_ID": ADOPTED_SITE_ID,
        "CKAN_SITE_URL": f"http://127.0.0.1:{port}",
        "CKAN_REDIS_URL": suite_config["ckan.redis.url"],
        "CKAN_STORAGE_PATH": os.path.join(ROOT, "var", "stock-storage"),
    })


def make_stock_portal(site: Site) -> dict[str, Any]:
    """An empty stock database and index, a sysadmin, then the seed through CKAN's API on a
    `ckan run` of the stock configuration. Returns the datasets as stock CKAN shows them."""
    site.ckan("db", "clean", "--yes")
    site.ckan("db", "upgrade")
    site.ckan("search-index", "clear")
    site.ckan("sysadmin", "add", seed.ADMIN, f"email={seed.ADMIN_EMAIL}", f"password={seed.ADMIN_PASSWORD}",
              input="y\n")
    token = site.ckan("user", "token", "add", seed.ADMIN, "stock-seed").stdout.strip().splitlines()[-1].strip()
    server = site.serve("stock-portal-test.log")
    try:
        api = Api(site.url, token)
        for organization in seed.ORGANIZATIONS:
            api.action("organization_create", **organization)
        api.action("user_create", name=seed.EDITOR, email=f"{seed.EDITOR}@stock-portal.example",
                   password=seed.ADMIN_PASSWORD)
        api.action("organization_member_create", id=seed.EDITOR_ORGANIZATION, username=seed.EDITOR, role="editor")
        shown = {}
        for dataset in seed.DATASETS:
            created = api.action("package_create", **dataset)
            shown[created["name"]] = api.action("package_show", id=created["id"])
        licences = {item["id"] for item in api.action("license_list")}
        return {"datasets": shown, "licences": licences, "token": token}
    finally:
        server.stop()


def dump(url: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The rows of DUMPED_TABLES, by table and id (the revision-free content CKAN keeps)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            found = {
                table: {str(row[key]): dict(row) for row in
                        connection.execute(sa.text(f'SELECT * FROM "{table}"')).mappings()}
                for table, key in DUMPED_TABLES.items() if table in tables
            }
    finally:
        engine.dispose()
    for table, (owners, owner_id) in EXTRAS_OF.items():
        if table not in found:
            found[table] = _extra_rows(found[owners], owner_id)
    return found


def _extra_rows(owners: dict[str, dict[str, Any]], owner_id: str) -> dict[str, dict[str, Any]]:
    """CKAN 2.12's `extras` column of each owner row as the rows 2.11 kept them in (keyed by
    owner and key), taken off the owner rows so a change shows in one place, as on 2.11."""
    rows = {}
    for owner in owners.values():
        for key, value in (owner.pop("extras", None) or {}).items():
            rows[f"{owner['id']}/{key}"] = {owner_id: owner["id"], "key": key, "value": value, "state": "active"}
    return rows


def package_extra(url: str, package_id: str, key: str) -> str | None:
    """The stored extra `key` of a dataset, read where this CKAN version keeps it."""
    sql = _extras_sql(url, "SELECT value FROM package_extra WHERE package_id = :id AND key = :key",
                      "SELECT extras ->> :key AS value FROM package WHERE id = :id")
    rows = query(url, sql, id=package_id, key=key)
    return rows[0]["value"] if rows else None


def set_package_extra(url: str, package_id: str, key: str, value: str) -> None:
    """Store `value` as the dataset's extra `key` behind CKAN's back (an old portal's row)."""
    execute(url, _extras_sql(url, "UPDATE package_extra SET value = :value WHERE package_id = :id AND key = :key",
                             "UPDATE package SET extras = jsonb_set(coalesce(extras, '{}'), ARRAY[:key], "
                             "to_jsonb(CAST(:value AS text))) WHERE id = :id"), id=package_id, key=key, value=value)


def _extras_sql(url: str, in_table: str, in_column: str) -> str:
    return in_table if query(url, "SELECT to_regclass('package_extra') IS NOT NULL AS kept")[0]["kept"] else in_column


def query(url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(sa.text(sql), params).mappings()]
    finally:
        engine.dispose()


def execute(url: str, sql: str, **params: Any) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(sql), params)
    finally:
        engine.dispose()


def changed_rows(before: dict, after: dict) -> dict[str, list[str]]:
    """Per table: ids of rows added, removed or changed between two dumps."""
    changes = {}
    for table in DUMPED_TABLES:
        ids = set(before[table]) | set(after[table])
        differing = sorted(i for i in ids if before[table].get(i) != after[table].get(i))
        if differing:
            changes[table] = differing
    return changes


# --- Solr cores ---------------------------------------------------------------------------

def create_core(name: str, write_instance) -> None:
    """A core in the suite's Solr home, its instance directory (conf/) written by
    `write_instance(path)`; an earlier core of that name is removed first."""
    unload_core(name)
    instance = os.path.join(SOLR_HOME, name)
    if os.path.isdir(instance):
        import shutil

        shutil.rmtree(instance)
    write_instance(instance)
    response = requests.get(f"{SOLR}/admin/cores", params={"action": "CREATE", "name": name, "instanceDir": name,
                                                         "wt": "json"}, timeout=60)
    if not response.ok:
        raise RuntimeError(f"Solr CREATE {name}: {response.status_code} {response.text[:1000]}")


def unload_core(name: str) -> None:
    status = requests.get(f"{SOLR}/admin/cores", params={"action": "STATUS", "core": name, "wt": "json"},
                          timeout=30).json()
    if status.get("status", {}).get(name):
        requests.get(f"{SOLR}/admin/cores", params={"action": "UNLOAD", "core": name, "deleteInstanceDir": "true",
                                                  "wt": "json"}, timeout=60).raise_for_status()


def solr_docs(core: str, site_id: str, fl: str = "name,state,capacity") -> list[dict[str, Any]]:
    response = requests.get(f"{SOLR}/{core}/select", params={"q": "*:*", "fq": f"+site_id:\"{site_id}\"",
                                                            "rows": 1000, "wt": "json", "fl": fl}, timeout=30)
    response.raise_for_status()
    return response.json()["response"]["docs"]
