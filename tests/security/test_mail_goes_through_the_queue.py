"""Email leaves the web request: the page only queues it, a real worker (`ckan jobs worker
--burst`) sends it to a real SMTP server; a refusal is retried minutes later, not at once;
a job that failed for good is deleted by Redis after `mail_failed_keep_days`; and with
Redis unreachable the visitor still gets their confirmation, the email waits in the
database and the next notification (or `ckan chervonohrad mail flush`) queues it."""
from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rq.job import Job

from ckan import model
from ckan.lib import jobs as ckan_jobs

from ckanext.chervonohrad import cli
from ckanext.chervonohrad.common import mail
from ckanext.chervonohrad.common.jobs import QUEUES, URGENT
from ckanext.chervonohrad.feedback.model import Feedback
from tests import suite_ini
from tests.feedback.conftest import People, act, feedback_data
from tests.feedback.test_views import FORM, post_form


@pytest.fixture(scope="module")
def _people(restore_point):
    return restore_point(People)


@pytest.fixture
def people(_people, smtp_inbox):
    """The feedback room's people and datasets (tests/feedback/conftest.py), with an SMTP server."""
    return _people.restore()

RECIPIENTS = ["finance-admin@sheptytskyi.example", "finance@sheptytskyi.example"]


def run_worker():
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    done = subprocess.run([ckan, "-c", suite_ini(), "jobs", "worker", "--burst", *QUEUES], capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr


def queued() -> list[Job]:
    return ckan_jobs.get_queue(URGENT).get_jobs()


def recipients(messages) -> list[str]:
    return sorted(r for m in messages for r in m.recipients)


def test_the_mail_arrives_only_after_a_worker_runs(app, people, smtp_inbox):
    post_form(app, "/dataset/biudzhet-2026/feedback", FORM)
    assert model.Session.query(Feedback).count() == 1
    assert smtp_inbox.received == []  # nothing was sent inside the request
    jobs = queued()
    assert sorted(j.meta["title"] for j in jobs) == [f"email feedback_new to {a}" for a in RECIPIENTS]
    for job in jobs:
        assert (job.retries_left, job.retry_intervals) == (5, [60, 300, 900, 3600, 21600])
        assert job.failure_ttl == 7 * 86400 and job.result_ttl == 0
    run_worker()
    assert recipients(smtp_inbox.received) == RECIPIENTS
    assert queued() == []
    for job in jobs:  # delivered jobs (and the addresses in them) are gone from Redis
        assert not Job.exists(job.id, connection=ckan_jobs.get_queue().connection)


@pytest.fixture
def nobody_listens(clean_db, clean_redis):
    """The portal's people, with no SMTP server listening (yet)."""
    return People()


def test_a_refused_email_is_retried_minutes_later_not_at_once(nobody_listens, request):
    act("chervonohrad_feedback_create", None, **feedback_data(nobody_listens.dataset))
    jobs = queued()
    run_worker()  # SMTP refuses both
    queue = ckan_jobs.get_queue(URGENT)
    scheduled = queue.scheduled_job_registry
    assert sorted(scheduled.get_job_ids()) == sorted(j.id for j in jobs)
    assert queue.failed_job_registry.get_job_ids() == []
    for job in jobs:
        due = scheduled.get_scheduled_time(job)
        assert 50 <= (due - dt.datetime.now(dt.UTC)).total_seconds() <= 61
    assert mail.release_due_retries() == 0  # not yet due

    # A minute later (moved here instead of waited for) the retries are due: released, sent.
    for job in jobs:
        scheduled.schedule(job, dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert mail.release_due_retries() == 2
    inbox = request.getfixturevalue("smtp_inbox")
    run_worker()
    assert recipients(inbox.received) == RECIPIENTS
    assert scheduled.get_job_ids() == []


def test_a_job_failed_for_good_expires_with_its_address(nobody_listens):
    act("chervonohrad_feedback_create", None, **feedback_data(nobody_listens.dataset))
    queue = ckan_jobs.get_queue(URGENT)
    for job in queued():
        job.retries_left = 0  # its last try
        job.save()
    run_worker()
    failed = queue.failed_job_registry.get_job_ids()
    assert len(failed) == 2
    for job_id in failed:
        ttl = queue.connection.ttl(f"rq:job:{job_id}")
        assert 7 * 86400 - 120 <= ttl <= 7 * 86400


@pytest.fixture
def redis_down(ckan_config, monkeypatch):
    """ckan.redis.url pointing at a port where nothing listens, for this test's requests."""
    from ckan.lib import redis as ckan_redis

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    good = ckan_config["ckan.redis.url"]
    monkeypatch.setitem(ckan_config, "ckan.redis.url", f"redis://127.0.0.1:{port}/0")
    monkeypatch.setattr(ckan_redis, "_connection_pool", None)
    monkeypatch.setattr(ckan_jobs, "_queues", {})

    def restore():
        ckan_config["ckan.redis.url"] = good
        ckan_redis._connection_pool = None
        ckan_jobs._queues.clear()

    return restore


def test_with_redis_down_the_visitor_still_gets_the_confirmation(app, people, smtp_inbox, redis_down):
    response = post_form(app, "/dataset/biudzhet-2026/feedback", FORM)
    assert response.headers["Location"].endswith("/dataset/biudzhet-2026/feedback/sent")
    assert model.Session.query(Feedback).count() == 1
    pending = model.Session.query(mail.PendingMail).order_by(mail.PendingMail.address).all()
    assert [(p.template, p.address) for p in pending] == [("feedback_new", a) for a in RECIPIENTS]

    redis_down()  # Redis is back: the next email that is queued takes the pending ones along
    act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, message="Ще одне повідомлення"))
    assert model.Session.query(mail.PendingMail).count() == 0
    assert recipients(smtp_inbox.messages) == sorted(RECIPIENTS * 2)


def test_the_api_too_answers_success_with_redis_down(app, people, redis_down):
    ok = app.post("/api/3/action/chervonohrad_feedback_create", json=feedback_data(people.dataset))
    assert ok.json["success"] is True
    assert model.Session.query(mail.PendingMail).count() == 2


def test_the_flush_command_queues_pending_mail_and_drops_stale_mail(people, smtp_inbox):
    model.Session.add_all([
        mail.PendingMail(template="feedback_new", recipient_name="Нова", address="new@example.com", subject="Тема",
                         body="Текст"),
        mail.PendingMail(template="feedback_new", recipient_name="Стара", address="old@example.com", subject="Тема",
                         body="Текст", created=dt.datetime.utcnow() - dt.timedelta(days=8))])
    model.Session.commit()
    result = CliRunner().invoke(cli.chervonohrad, ["mail", "flush"])
    assert result.exit_code == 0, result.output
    assert "1 pending emails queued, 1 too old and dropped" in result.output
    assert model.Session.query(mail.PendingMail).count() == 0
    assert [m.recipients for m in smtp_inbox.messages] == [["new@example.com"]]


def test_without_a_sender_address_the_mail_waits_instead_of_failing_in_jobs(app, people, smtp_inbox, ckan_config,
                                                                             monkeypatch):
    """A portal adopted without `smtp.mail_from` (CKAN's mailer needs it for every message):
    no job is queued to fail over and over; the mail waits, and goes once the option is set."""
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "")
    ok = app.post("/api/3/action/chervonohrad_feedback_create", json=feedback_data(people.dataset))
    assert ok.json["success"] is True
    assert queued() == []
    assert model.Session.query(mail.PendingMail).count() == 2
    assert CliRunner().invoke(cli.chervonohrad, ["mail", "flush"]).exit_code == 0
    assert model.Session.query(mail.PendingMail).count() == 2  # still no sender: still waiting

    monkeypatch.setitem(ckan_config, "smtp.mail_from", "opendata@test.ckan.net")
    result = CliRunner().invoke(cli.chervonohrad, ["mail", "flush"])
    assert "2 pending emails queued" in result.output
    run_worker()
    assert recipients(smtp_inbox.received) == RECIPIENTS
