"""Work tied to a transaction (common.jobs): it runs once the transaction commits, once per
key, never after a rollback; a job is queued after the commit once per job id, not again
while it waits in Redis, and with Redis down the commit stands. On the real PostgreSQL and
Redis."""
from __future__ import annotations

import logging
import socket
import uuid

import pytest
from sqlalchemy import text

from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib import redis as ckan_redis

from ckanext.chervonohrad.common import jobs

pytestmark = pytest.mark.usefixtures("clean_db")


def add_tag(session=None) -> str:
    """A real row written in the session's transaction; returns its name."""
    name = f"tag-{uuid.uuid4().hex[:12]}"
    (session or model.Session).add(model.Tag(name=name))
    (session or model.Session).flush()
    return name


def committed(name: str) -> bool:
    """Whether another connection sees the tag: i.e. its transaction has committed."""
    with model.meta.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM tag WHERE name = :n"), {"n": name}).scalar() == 1


class Recorded(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    @property
    def text(self) -> str:
        return "\n".join(self.messages)


@pytest.fixture
def job_log():
    """The errors common.jobs logs (the ckanext loggers do not propagate to pytest's caplog,
    and resetting the database runs migrations that configure logging anew, disabling it)."""
    logger, recorded = logging.getLogger(jobs.__name__), Recorded()
    disabled, logger.disabled = logger.disabled, False
    logger.addHandler(recorded)
    yield recorded
    logger.removeHandler(recorded)
    logger.disabled = disabled


@pytest.fixture
def session():
    """A session of its own, as a thread or a job would use."""
    own = model.meta.create_local_session(bind=model.meta.engine)
    yield own
    own.close()


class TestOnCommit:
    def test_runs_once_after_the_commit_when_others_see_the_change(self):
        name = add_tag()
        seen: list[object] = []
        assert jobs.on_commit("work", lambda: seen.append(committed(name))) is True
        assert jobs.on_commit("work", lambda: seen.append("second")) is False  # one per key
        assert seen == []
        model.Session.commit()
        assert seen == [True]
        model.Session.commit()  # the next commit has nothing left to run
        assert seen == [True]

    def test_different_keys_run_in_the_order_they_were_given(self, session):
        seen: list[str] = []
        add_tag(session)
        for key in ("b", "a", "c"):
            jobs.on_commit(key, lambda key=key: seen.append(key), session)
        session.commit()
        assert seen == ["b", "a", "c"]

    def test_nothing_runs_after_a_rollback_nor_at_the_next_commit(self):
        seen: list[str] = []
        add_tag()
        jobs.on_commit("work", lambda: seen.append("ran"))
        model.Session.rollback()
        add_tag()
        model.Session.commit()
        assert seen == []

    def test_nothing_runs_when_the_session_is_closed_without_a_commit(self, session):
        seen: list[str] = []
        add_tag(session)
        jobs.on_commit("work", lambda: seen.append("ran"), session)
        session.close()
        add_tag(session)
        session.commit()
        assert seen == []

    def test_a_savepoint_is_not_the_commit(self, session):
        seen: list[str] = []
        add_tag(session)
        savepoint = session.begin_nested()
        name = add_tag(session)
        jobs.on_commit("inside", lambda: seen.append("inside"), session)
        savepoint.commit()
        assert seen == [] and not committed(name)
        rolled_back = session.begin_nested()
        jobs.on_commit("kept", lambda: seen.append("kept"), session)
        rolled_back.rollback()  # a savepoint's rollback keeps the transaction's work
        session.commit()
        assert seen == ["inside", "kept"]

    def test_a_failing_piece_is_logged_the_others_run_and_the_commit_stays(self, session, job_log):
        seen: list[str] = []
        name = add_tag(session)
        jobs.on_commit("broken", lambda: 1 / 0, session)
        jobs.on_commit("fine", lambda: seen.append("fine"), session)
        session.commit()
        assert seen == ["fine"] and committed(name)
        assert "work after the commit failed: broken" in job_log.text

    def test_transaction_info_lives_as_long_as_the_transaction(self, session):
        add_tag(session)
        jobs.transaction_info("noted", set(), session).add("a")
        assert jobs.transaction_info("noted", set(), session) == {"a"}  # the same set again
        session.rollback()
        assert "noted" not in session.info
        add_tag(session)
        jobs.transaction_info("noted", set(), session).add("b")
        session.commit()
        assert "noted" not in session.info


@pytest.mark.usefixtures("clean_redis")
class TestEnqueueUnique:
    def queued(self) -> list[tuple[str, list]]:
        return [(j.id, j.args) for j in ckan_jobs.get_queue().jobs]

    def test_a_job_is_queued_once_per_job_id_after_the_commit(self):
        add_tag()
        assert jobs.enqueue_unique(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a") is True
        assert jobs.enqueue_unique(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a") is False
        jobs.enqueue_unique(jobs.record_heartbeat, ["two"], job_id="test-job-b", title="test b")
        assert self.queued() == []
        model.Session.commit()
        assert self.queued() == [("test-job-a", ["one"]), ("test-job-b", ["two"])]
        assert [j.meta["title"] for j in ckan_jobs.get_queue().jobs] == ["test a", "test b"]

    def test_a_job_still_waiting_in_redis_is_not_queued_again(self):
        jobs.enqueue_unique(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a")
        model.Session.commit()
        jobs.enqueue_unique(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a")
        model.Session.commit()
        assert self.queued() == [("test-job-a", ["one"])]
        waiting = ckan_jobs.get_queue().jobs[0]
        assert jobs.enqueue_once(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a").id == waiting.id

    def test_nothing_is_queued_after_a_rollback(self):
        add_tag()
        jobs.enqueue_unique(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a")
        model.Session.rollback()
        model.Session.commit()
        assert self.queued() == []

    def test_rq_arguments_are_passed_on(self):
        job = jobs.enqueue_once(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a",
                                rq_kwargs={"timeout": 1234})
        assert (job.id, job.timeout) == ("test-job-a", 1234)

    def test_with_redis_down_the_commit_stands_and_the_failure_is_logged(self, ckan_config, monkeypatch, job_log):
        with socket.socket() as probe:  # a port where nothing listens
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        monkeypatch.setitem(ckan_config, "ckan.redis.url", f"redis://127.0.0.1:{port}/0")
        monkeypatch.setattr(ckan_redis, "_connection_pool", None)
        monkeypatch.setattr(ckan_jobs, "_queues", {})
        name = add_tag()
        jobs.enqueue_unique(jobs.record_heartbeat, ["one"], job_id="test-job-a", title="test a")
        model.Session.commit()
        assert committed(name)
        assert "could not queue test a" in job_log.text
        monkeypatch.undo()
        assert self.queued() == []
