"""`ckan chervonohrad status` reports the jobs worker, the Solr schema and the email sender; fails when one fails."""
from __future__ import annotations

import pytest

from ckanext.chervonohrad.common import jobs
from tests.solr.helpers import closed_port, solr_base

pytestmark = pytest.mark.usefixtures("clean_redis")


@pytest.fixture
def status(chervonohrad):
    return lambda solr_url: chervonohrad("status", solr_url=solr_url)


def test_worker_and_schema_ok(status, ckan_config):
    for queue in jobs.QUEUES:
        jobs.record_heartbeat("probe", queue)
    done = status(ckan_config["solr_url"])
    assert done.returncode == 0, done.stderr
    assert "worker OK: last heartbeat" in done.stdout
    assert "solr OK:" in done.stdout


def test_stock_schema_fails_even_with_a_live_worker(status, ckan_config):
    for queue in jobs.QUEUES:
        jobs.record_heartbeat("probe", queue)
    stock = solr_base(ckan_config["solr_url"]) + "/ckan_stock"
    done = status(stock)
    assert done.returncode == 1
    assert "worker OK" in done.stdout
    assert f"the Solr core at {stock} lacks this extension's schema" in done.stderr
    assert "no `quality_score` field" in done.stderr


def test_missing_worker_fails_and_solr_is_still_reported(status, ckan_config):
    done = status(ckan_config["solr_url"])
    assert done.returncode == 1
    assert ("Error: no worker has run a heartbeat job yet on the queue 'urgent' "
            "(start `ckan jobs worker urgent default long`)") in done.stderr
    assert "solr OK:" in done.stdout


def test_both_failing_are_both_named(status):
    url = f"http://127.0.0.1:{closed_port()}/solr/ckan"
    done = status(url)
    assert done.returncode == 1
    assert "Error: no worker has run a heartbeat job yet" in done.stderr
    assert f"Error: Solr does not answer at {url}/schema" in done.stderr


def test_a_missing_sender_address_is_named(chervonohrad, ckan_config):
    """Without `smtp.mail_from` no email can go (it waits as pending mail): status says so."""
    for queue in jobs.QUEUES:
        jobs.record_heartbeat("probe", queue)
    done = chervonohrad("status", solr_url=ckan_config["solr_url"], **{"smtp.mail_from": ""})
    assert done.returncode == 1
    assert "Error: smtp.mail_from is not set" in done.stderr
    assert "worker OK" in done.stdout and "solr OK:" in done.stdout


def test_the_sender_address_is_reported(status, ckan_config):
    for queue in jobs.QUEUES:
        jobs.record_heartbeat("probe", queue)
    done = status(ckan_config["solr_url"])
    assert f"email OK: sent from {ckan_config['smtp.mail_from']}" in done.stdout
