"""A job enqueued through CKAN's jobs API is run by a real worker on Redis."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from ckan.lib import jobs as ckan_jobs

from ckanext.chervonohrad import cli
from ckanext.chervonohrad.common import jobs
from tests import ROOT, cli_runner, suite_ini


def run_ckan(*args: str) -> subprocess.CompletedProcess:
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    return subprocess.run(
        [ckan, "-c", suite_ini(), *args],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
    )


def status():
    """`ckan chervonohrad status` in this process: it reads what the worker (a real process, above)
    left in Redis, so the start-up of a `ckan` process of its own adds nothing to what is tested."""
    return cli_runner().invoke(cli.chervonohrad, ["status"])


@pytest.mark.usefixtures("clean_redis")
def test_burst_worker_runs_the_heartbeat_job_of_each_queue():
    token = uuid.uuid4().hex
    ids = {queue: jobs.enqueue_heartbeat(token, queue) for queue in jobs.QUEUES}
    assert jobs.last_heartbeat() == (None, "")
    for queue, job_id in ids.items():
        assert [j.id for j in ckan_jobs.get_queue(queue).jobs] == [job_id]

    done = run_ckan("jobs", "worker", "--burst", *jobs.QUEUES)

    assert done.returncode == 0, done.stderr
    for queue in jobs.QUEUES:
        at, stored = jobs.last_heartbeat(queue)
        assert stored == token and at is not None
        assert ckan_jobs.get_queue(queue).jobs == []


@pytest.mark.usefixtures("clean_redis")
def test_status_command_reports_a_missing_worker():
    done = status()
    assert done.exit_code != 0
    assert "no worker has run a heartbeat job yet" in done.stderr


@pytest.mark.usefixtures("clean_redis")
def test_another_sites_heartbeat_is_not_this_sites(ckan_config, monkeypatch):
    """Portals sharing one Redis have queues (and so workers) of their own; so have heartbeats."""
    monkeypatch.setitem(ckan_config, "ckan.site_id", "another-portal")
    jobs.record_heartbeat("theirs")
    assert jobs.last_heartbeat()[1] == "theirs"
    monkeypatch.undo()
    assert jobs.last_heartbeat() == (None, "")
    assert "no worker has run a heartbeat job yet" in status().stderr


@pytest.mark.usefixtures("clean_redis")
def test_status_command_reports_a_live_worker():
    for queue in jobs.QUEUES:
        jobs.enqueue_heartbeat("probe", queue)
    assert run_ckan("jobs", "worker", "--burst", *jobs.QUEUES).returncode == 0
    done = status()
    assert done.exit_code == 0, done.stderr
    assert "worker OK: last heartbeat urgent " in done.stdout


@pytest.mark.usefixtures("clean_redis")
def test_status_names_a_queue_no_worker_takes():
    """A worker started for the default queue alone (CKAN's `jobs worker` without names) leaves
    the emails and the night's work waiting: status says which queue."""
    for queue in jobs.QUEUES:
        jobs.enqueue_heartbeat("probe", queue)
    assert run_ckan("jobs", "worker", "--burst").returncode == 0
    done = status()
    assert done.exit_code != 0
    assert "no worker has run a heartbeat job yet on the queue 'urgent'" in done.stderr
    assert "ckan jobs worker urgent default long" in done.stderr
