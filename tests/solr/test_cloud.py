"""The Ukrainian configset on a SolrCloud of two nodes (scripts/solrcloud.sh: a ZooKeeper and two
Solr nodes from the Maven Central jars, one shard on two replicas): the Ukrainian search tests pass
against it, `ckan search-index rebuild` fills both replicas, and with one node stopped the other
answers and takes new datasets, which the stopped node has when it comes back."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time

import pytest
import requests

from ckan.lib.search import common

from bench import servers
from ckanext.chervonohrad.solr import check
from tests import ROOT, suite_ini
from tests.factories import PassportDataset

SCRIPT = os.path.join(ROOT, "scripts", "solrcloud.sh")
COLLECTION = "ckan_cloud_test"
CKAN_CLI = os.path.join(os.path.dirname(sys.executable), "ckan")


class Cloud:
    def __init__(self):
        self.name = f"solrcloud-test-{os.getpid()}"
        self.ports = [servers.free_port(), servers.free_port()]
        self.env = {**os.environ, "CHERVONOHRAD_SOLRCLOUD_NAME": self.name,
                    "CHERVONOHRAD_ZK_PORT": str(servers.free_port()),
                    "CHERVONOHRAD_SOLRCLOUD_PORTS": " ".join(map(str, self.ports)),
                    "CHERVONOHRAD_SOLRCLOUD_COLLECTION": COLLECTION, "CHERVONOHRAD_SOLR_HEAP": "384m"}

    def script(self, *args: str) -> str:
        done = subprocess.run(["bash", SCRIPT, *args], env=self.env, capture_output=True, text=True, timeout=400)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def url(self, node: int) -> str:
        return f"http://127.0.0.1:{self.ports[node]}/solr/{COLLECTION}"

    def count(self, node: int, q: str = "*:*") -> int:
        """Documents this node's own replica holds (not asking the other node)."""
        answer = requests.get(f"{self.url(node)}/select", params={"q": q, "rows": 0, "distrib": "false", "wt": "json"},
                              timeout=30)
        return answer.json()["response"]["numFound"]

    def clear(self) -> None:
        """Every document gone (what another test indexed: CKAN 2.11's rebuild keeps documents of
        datasets it no longer has)."""
        requests.post(f"{self.url(0)}/update", params={"commit": "true"}, json={"delete": {"query": "*:*"}},
                      timeout=60).raise_for_status()

    def stop_node(self, number: int) -> None:
        """Stop a node and wait until the cluster knows (until then the other node may still route
        a query to it)."""
        self.script("stop-node", str(number))
        survivor = self.ports[2 - number]
        for _ in range(120):
            status = requests.get(f"http://127.0.0.1:{survivor}/solr/admin/collections",
                                  params={"action": "CLUSTERSTATUS", "collection": COLLECTION, "wt": "json"},
                                  timeout=30).json()["cluster"]
            replicas = status["collections"][COLLECTION]["shards"]["shard1"]["replicas"].values()
            if len(status["live_nodes"]) == 1 and any(r["state"] == "active" and r.get("leader") == "true"
                                                      for r in replicas):
                return
            time.sleep(0.5)
        raise AssertionError(f"the cluster still counts node {number} as live")

    def replicas_active(self) -> bool:
        status = requests.get(f"http://127.0.0.1:{self.ports[0]}/solr/admin/collections",
                              params={"action": "CLUSTERSTATUS", "collection": COLLECTION, "wt": "json"}, timeout=30)
        shard = status.json()["cluster"]["collections"][COLLECTION]["shards"]["shard1"]
        return [r["state"] for r in shard["replicas"].values()] == ["active", "active"]


@pytest.fixture(scope="module")
def cloud():
    made = Cloud()
    made.script("start")
    try:
        yield made
    finally:
        made.script("stop")
        shutil.rmtree(os.path.join(ROOT, "var", made.name), ignore_errors=True)


@contextlib.contextmanager
def searching(monkeypatch, ckan_config, url: str):
    """This process's CKAN reading and writing the index at `url` (2.11 keeps it in SolrSettings)."""
    monkeypatch.setitem(ckan_config, "solr_url", url)
    settings = getattr(common, "SolrSettings", None)
    before = settings.get() if settings else None
    if settings:
        settings.init(url, before[1], before[2])
    try:
        yield
    finally:
        if settings:
            settings.init(*before)


def ini_for(tmp_path, url: str) -> str:
    ini = tmp_path / "cloud.ini"
    with open(suite_ini(), encoding="utf-8") as suite:  # logging sections are not inherited
        text = suite.read()
    ini.write_text(f"[app:main]\nuse = config:{suite_ini()}\nsolr_url = {url}\n\n"
                   + (text[text.index("[loggers]"):] if "[loggers]" in text else ""), encoding="utf-8")
    return str(ini)


def test_the_ukrainian_search_tests_pass_against_the_cloud(cloud, tmp_path):
    from ckan import model

    model.Session.remove()  # this process holds no lock the other pytest's clean-ups would wait for
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CHERVONOHRAD_TEST"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           f"--ckan-ini={ini_for(tmp_path, cloud.url(0))}", "tests/search/test_ukrainian_search.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
    assert check.in_cloud(cloud.url(0)) and check.check_core(cloud.url(0)) == []


def test_a_rebuild_fills_both_replicas_and_one_node_is_enough(cloud, tmp_path, clean_db, monkeypatch, ckan_config):
    cloud.clear()
    with searching(monkeypatch, ckan_config, cloud.url(0)):
        made = [PassportDataset(title=f"Ремонт доріг {n}") for n in range(3)]
    rebuild = subprocess.run([CKAN_CLI, "-c", ini_for(tmp_path, cloud.url(0)), "search-index", "rebuild"],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rebuild.returncode == 0, rebuild.stderr
    assert (cloud.count(0), cloud.count(1)) == (3, 3)

    # An indexed dataset changes: both replicas take the change at once (CKAN's string `_version_`
    # made every such update fail on the replica, which then answered from recovery without it).
    with searching(monkeypatch, ckan_config, cloud.url(0)):
        from ckan.tests import factories
        from ckan.tests.helpers import call_action

        editor = factories.Sysadmin()["name"]
        for n in range(3):
            call_action("package_patch", {"user": editor}, id=made[0]["id"], title=f"Ремонт доріг і тротуарів {n}")
    assert (cloud.count(0, "title:тротуарів"), cloud.count(1, "title:тротуарів")) == (1, 1)
    assert cloud.replicas_active()

    # Node 2 stops: node 1 answers searches and takes a new dataset alone.
    cloud.stop_node(2)
    with searching(monkeypatch, ckan_config, cloud.url(0)):
        from ckan.tests.helpers import call_action

        assert call_action("package_search", q="доріг")["count"] == 3  # the Ukrainian stemmer: доріг ~ дороги
        late = PassportDataset(title="Ремонт мостів")
        assert call_action("package_search", q="мости")["count"] == 1

    # Node 2 comes back and recovers from its peer; then node 1 stops and node 2 alone has it all.
    cloud.script("start")
    for _ in range(240):
        if cloud.replicas_active():
            break
        time.sleep(0.5)
    assert cloud.replicas_active()
    cloud.stop_node(1)
    with searching(monkeypatch, ckan_config, cloud.url(1)):
        from ckan.tests.helpers import call_action

        found = call_action("package_search", q="*:*", rows=10)
        assert {d["id"] for d in found["results"]} == {d["id"] for d in made} | {late["id"]}
    cloud.script("start")
