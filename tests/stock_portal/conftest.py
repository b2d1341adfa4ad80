"""One stock portal per session, made by CKAN alone, then adopted once the way an operator
adopts it (README, "Add to an existing portal"); the tests read what each step did.

The steps run as `ckan` subprocesses with the suite's configuration (this extension's plugins)
pointed at the stock database, a Solr core of its own made from the extension's configset,
and a site id and URL of their own (portal.adopted_site)."""
from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests import suite_ini
from tests.stock_portal import portal, seed

ADOPTED_CORE = "ckan_stock_adopted"
WORK = os.path.join(portal.ROOT, "var", "stock-adoption")

# Publisher fields an operator gathers for two of the three organizations (the third is left
# for a person, and must stay as it was).
OPS = [
    {"organization": "viddil-osvity", "edrpou": "40572153", "hromada": "UA46060250000025047",
     "publisher_type": "executive_body"},
    {"organization": "finansove-upravlinnia", "edrpou": "26105015", "hromada": "UA46060250000025047",
     "publisher_type": "executive_body"},
]


@dataclass
class Adoption:
    """What each operator step printed and what the database held around it."""

    stock: dict[str, Any]
    site: portal.Site
    db_url: str
    runs: dict[str, portal.Run] = field(default_factory=dict)
    dumps: dict[str, dict] = field(default_factory=dict)
    out: dict[str, str] = field(default_factory=dict)
    configset_used: bool = False
    index: dict[str, dict] = field(default_factory=dict)  # the Solr documents after the second run, by name


def _configset(site: portal.Site, record: dict[str, portal.Run]):
    """The adopted core's instance directory, written by `ckan chervonohrad solr configset DIR`
    as the operator is told to: the plugins are on, solr_url still names the stock core (the
    new one does not exist yet). Should that fail, the suite core's conf (the run is recorded
    so the test of the command fails, not the rest)."""
    def write(instance: str) -> None:
        run = site.ckan("chervonohrad", "solr", "configset", instance, check=False,
                        env={"CKAN_SOLR_URL": f"{portal.SOLR}/{portal.STOCK_CORE}"})
        record["configset"] = run
        if run.returncode != 0 or not os.path.isfile(os.path.join(instance, "conf", "schema.xml")):
            shutil.rmtree(instance, ignore_errors=True)
            shutil.copytree(os.path.join(portal.SOLR_HOME, "ckan_test", "conf"), os.path.join(instance, "conf"))
    return write


@pytest.fixture(scope="session")
def adoption():
    from ckan.common import config

    suite = {key: config[key] for key in ("sqlalchemy.url", "ckan.redis.url")}
    stock_site = portal.stock_site(suite)
    stock = portal.make_stock_portal(stock_site)
    db_url = portal.database_url(suite["sqlalchemy.url"])
    site = portal.adopted_site(suite_ini(), suite, ADOPTED_CORE)
    adoption = Adoption(stock=stock, site=site, db_url=db_url)
    adoption.dumps["stock"] = portal.dump(db_url)

    portal.create_core(ADOPTED_CORE, _configset(site, adoption.runs))
    adoption.configset_used = adoption.runs["configset"].returncode == 0 and os.path.isfile(
        os.path.join(portal.SOLR_HOME, ADOPTED_CORE, "conf", "schema.xml"))
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    ops = os.path.join(WORK, "ops.csv")
    with open(ops, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["organization", "edrpou", "hromada", "publisher_type"])
        writer.writeheader()
        writer.writerows(OPS)
    for stage in ("dry", "preview", "apply", "again"):
        adoption.out[stage] = os.path.join(WORK, stage)
        os.makedirs(adoption.out[stage])

    def step(name: str, *args: str) -> portal.Run:
        adoption.runs[name] = site.ckan(*args, check=False)
        return adoption.runs[name]

    step("upgrade", "db", "upgrade")
    step("rebuild", "search-index", "rebuild")
    step("rescore", "chervonohrad", "quality", "rescore")
    step("solr_check", "chervonohrad", "solr", "check")
    adoption.dumps["upgraded"] = portal.dump(db_url)
    step("dry", "chervonohrad", "adopt", "--out", adoption.out["dry"])
    adoption.dumps["dry"] = portal.dump(db_url)
    # The operator fills ops.csv from the first report's publishers, previews, then applies.
    step("preview", "chervonohrad", "adopt", "--publishers", ops, "--out", adoption.out["preview"])
    adoption.dumps["preview"] = portal.dump(db_url)
    step("apply", "chervonohrad", "adopt", "--apply", "--publishers", ops, "--out", adoption.out["apply"])
    adoption.dumps["apply"] = portal.dump(db_url)
    step("again", "chervonohrad", "adopt", "--apply", "--publishers", ops, "--out", adoption.out["again"])
    adoption.dumps["again"] = portal.dump(db_url)
    adoption.index = {d["name"]: d for d in portal.solr_docs(ADOPTED_CORE, portal.ADOPTED_SITE_ID, fl="*")}
    step("status", "chervonohrad", "status")
    yield adoption
    # Jobs the adopted portal queued (re-indexing after rescores) have no worker here.
    site.ckan("jobs", "clear", check=False)
    portal.unload_core(ADOPTED_CORE)


@dataclass
class Served:
    url: str
    api: portal.Api  # the stock sysadmin
    editor: portal.Api  # the stock editor of seed.EDITOR_ORGANIZATION
    anonymous: portal.Api
    token: str


def _token(site: portal.Site, user: str) -> str:
    return site.ckan("user", "token", "add", user, "after-adoption").stdout.strip().splitlines()[-1].strip()


@pytest.fixture(scope="session")
def adopted(adoption):
    """The adopted portal served by `ckan run` (after every operator step), with API tokens
    of the stock portal's users made under the adopted configuration."""
    token = _token(adoption.site, seed.ADMIN)
    editor = _token(adoption.site, seed.EDITOR)
    server = adoption.site.serve("stock-adopted-test.log")
    url = adoption.site.url
    try:
        yield Served(url, portal.Api(url, token), portal.Api(url, editor), portal.Api(url), token)
    finally:
        server.stop()
