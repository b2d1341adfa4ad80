"""`ckan chervonohrad status` reports the jobs worker, the Solr schema and the email sender; fails when one fails."""
from __future__ import annotations

import pytest

from ckanext.chervonohrad.common import jobs
from tests.solr.helpers import closed_port, ini_with, run_ckan, solr_base

pytestmark = pytest.mark.usefixtures("clean_redis")


def status(tmp_path, solr_url: str):
    return run_ckan(ini_with(tmp_path, solr_url=solr_url), "chervonohrad", "status")


def test_worker_and_schema_ok(tmp_path, ckan_config):
    jobs.record_heartbeat("probe")
    done = status(tmp_path, ckan_config["solr_url"])
    assert done.returncode == 0, done.stderr
    assert "worker OK: last heartbeat" in done.stdout
    assert "solr OK:" in done.stdout


def test_stock_schema_fails_even_with_a_live_worker(tmp_path, ckan_config):
    jobs.record_heartbeat("probe")
    stock = solr_base(ckan_config["solr_url"]) + "/ckan_stock"
    done = status(tmp_path, stock)
    assert done.returncode == 1
    assert "worker OK" in done.stdout
    assert f"the Solr core at {stock} lacks this extension's schema" in done.stderr
    assert "no `quality_score` field" in done.stderr


def test_missing_worker_fails_and_solr_is_still_reported(tmp_path, ckan_config):
    done = status(tmp_path, ckan_config["solr_url"])
    assert done.returncode == 1
    assert "Error: no worker has run a heartbeat job yet (start `ckan jobs worker`)" in done.stderr
    assert "solr OK:" in done.stdout


def test_both_failing_are_both_named(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/solr/ckan"
    done = status(tmp_path, url)
    assert done.returncode == 1
    assert "Error: no worker has run a heartbeat job yet" in done.stderr
    assert f"Error: Solr does not answer at {url}/schema" in done.stderr


def test_a_missing_sender_address_is_named(tmp_path, ckan_config):
    """Without `smtp.mail_from` no email can go (it waits as pending mail): status says so."""
    jobs.record_heartbeat("probe")
    done = run_ckan(ini_with(tmp_path, solr_url=ckan_config["solr_url"], **{"smtp.mail_from": ""}),
                    "chervonohrad", "status")
    assert done.returncode == 1
    assert "Error: smtp.mail_from is not set" in done.stderr
    assert "worker OK" in done.stdout and "solr OK:" in done.stdout


def test_the_sender_address_is_reported(tmp_path, ckan_config):
    jobs.record_heartbeat("probe")
    done = status(tmp_path, ckan_config["solr_url"])
    assert f"email OK: sent from {ckan_config['smtp.mail_from']}" in done.stdout
