"""Background-job plumbing shared by the rooms.

Work tied to a database transaction: the dataset hooks run before CKAN commits the change,
so a job they queue at once could run before the change is visible, or for a change that
is then rolled back. `on_commit` keeps such work in the session's `info` and runs it once
the transaction commits, at most once per key, and forgets it when the transaction ends
otherwise; `transaction_info` keeps a room's own notes there as long as the transaction
lasts. `enqueue_unique` builds on it to queue an RQ job after the commit, once per job id,
and not again while a job of that id still waits in Redis.

The portal's jobs go to three queues, most urgent first (QUEUES): emails to `urgent`, the
work one change causes (a dataset's link check, its structure check, a register) to `default`,
the bulk work of a night (the rescore's slices and re-indexing, every dataset's link check) to
`long`. A worker given all three (`ckan jobs worker urgent default long`) always takes an urgent
job first, and one given `urgent default` never starts a long one, so an email never waits
behind a night's rescore. Every job is safe to run twice: it writes what it finds, or carries
its own once-only record (an email's sent log).

The heartbeat lets an operator (and the test suite) see that a worker really consumes each
queue: the job stamps the time it ran into Redis.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from rq.job import Job, JobStatus
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib.redis import connect_to_redis

log = logging.getLogger(__name__)

URGENT, DEFAULT, LONG = "urgent", ckan_jobs.DEFAULT_QUEUE_NAME, "long"
QUEUES = (URGENT, DEFAULT, LONG)


def _heartbeat_key(queue: str = DEFAULT) -> str:
    # Per site, as CKAN's queues are: portals sharing one Redis have workers of their own.
    key = f"ckanext-chervonohrad:{tk.config.get('ckan.site_id')}:worker-heartbeat"
    return key if queue == DEFAULT else f"{key}:{queue}"


# session.info: {key: callback} to run after the commit, and the keys of the notes
# (`transaction_info`) that live as long as the transaction.
_AFTER = "chervonohrad_jobs_after_commit"
_NOTES = "chervonohrad_jobs_transaction_notes"


# ---- work tied to the transaction --------------------------------------------------------

def _run(work: dict[str, Callable[[], Any]]) -> None:
    for key, callback in work.items():
        try:
            callback()
        except Exception:  # the commit has happened: one failed piece must not stop the others
            log.exception("work after the commit failed: %s", key)


def _after_commit(session: Session) -> None:
    # A savepoint released is not the commit: the work waits for the transaction's own.
    if not session.in_nested_transaction():
        _run(session.info.pop(_AFTER, {}))


def _transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """The outermost transaction ended (committed, rolled back or closed): nothing of it is
    left to run, and its notes go (a savepoint's end, or a flush's, keeps them)."""
    if transaction.parent is not None:
        return
    session.info.pop(_AFTER, None)
    for key in session.info.pop(_NOTES, set()):
        session.info.pop(key, None)


_LISTENERS = (("after_commit", _after_commit), ("after_transaction_end", _transaction_end))


def _listen(session: Session) -> None:
    # On the session itself, once: sessions that never get such work are left alone.
    for name, listener in _LISTENERS:
        if not event.contains(session, name, listener):
            event.listen(session, name, listener)


def _session(session: Session | None) -> Session:
    return session if session is not None else model.Session()


def on_commit(key: str, callback: Callable[[], Any], session: Session | None = None) -> bool:
    """Run `callback()` once the session's current transaction (CKAN's session by default)
    has committed, when the data is visible to others; pieces run in the order given, and a
    failure is logged, the others run and the commit stays. Once per key: work already
    waiting under `key` is kept and this call returns False. Nothing runs when the
    transaction rolls back or the session is closed without committing."""
    session = _session(session)
    _listen(session)
    work = session.info.setdefault(_AFTER, {})
    if key in work:
        return False
    work[key] = callback
    return True


def transaction_info(key: str, default: Any, session: Session | None = None) -> Any:
    """`session.info[key]` for the current transaction only: set to `default` unless there
    already, dropped when the transaction ends, committed or not (so whoever reads it takes
    it before, e.g. in work given to `on_commit`)."""
    session = _session(session)
    _listen(session)
    session.info.setdefault(_NOTES, set()).add(key)
    return session.info.setdefault(key, default)


# ---- jobs ----------------------------------------------------------------------------------

def waiting_job(job_id: str) -> Job | None:
    """The job of this id, when it still waits in the queue (not started, finished or failed)."""
    try:
        job = ckan_jobs.job_from_id(job_id)
    except KeyError:
        return None
    return job if job.get_status(refresh=True) == JobStatus.QUEUED else None


def enqueue_once(fn: Callable[..., Any], args: Sequence[Any], *, job_id: str, title: str, queue: str = DEFAULT,
                 rq_kwargs: dict[str, Any] | None = None) -> Job:
    """Queue `fn(*args)` now, as job `job_id`, unless a job of that id still waits in the
    queue: that one is returned instead (it reads the data as it is when it runs)."""
    return waiting_job(job_id) or tk.enqueue_job(fn, list(args), title=title, queue=queue,
                                                 rq_kwargs={**(rq_kwargs or {}), "job_id": job_id})


def enqueue_unique(fn: Callable[..., Any], args: Sequence[Any], *, job_id: str, title: str,
                   rq_kwargs: dict[str, Any] | None = None, session: Session | None = None) -> bool:
    """Queue `fn(*args)` as job `job_id` once the current transaction commits, so the job
    reads the committed data: once per job id per transaction, not at all if it rolls back,
    and not while a job of that id still waits in Redis (`enqueue_once`). With Redis
    unreachable the failure is logged and the committed change stays. Returns False when
    the job was already due after this commit."""
    def queue() -> None:
        try:
            enqueue_once(fn, args, job_id=job_id, title=title, rq_kwargs=rq_kwargs)
        except Exception:  # Redis down: the change itself is committed and stays
            log.exception("could not queue %s", title)

    return on_commit(job_id, queue, session)


class DatasetJob:
    """A background job about one dataset (a link check, a structure check): one job id per
    dataset, so a job still waiting is never queued twice, and an option that says whether
    every change of a dataset queues one."""

    def __init__(self, kind: str, fn: Callable[[str], Any], *, on_change: Callable[[], bool], timeout: int):
        self.kind, self.fn, self.on_change, self.timeout = kind, fn, on_change, timeout

    def job_id(self, package_id: str) -> str:
        return f"chervonohrad-{self.kind.replace(' ', '-')}-{package_id}"

    def _job(self, package_id: str) -> dict[str, Any]:
        return {"job_id": self.job_id(package_id), "title": f"chervonohrad {self.kind} {package_id}",
                "rq_kwargs": {"timeout": self.timeout}}

    def enqueue(self, package_id: str, *, force: bool = False, queue: str = DEFAULT) -> Job | None:
        """Queue the job now, when changes queue it (or `force`); None when nothing was queued.
        A night's checks of every dataset go to the `long` queue."""
        if not (force or self.on_change()):
            return None
        return enqueue_once(self.fn, [package_id], queue=queue, **self._job(package_id))

    def enqueue_after_commit(self, package_id: str) -> None:
        """For the dataset hooks (they run before CKAN commits): queue the job once the change
        commits, so it reads the committed dataset; nothing if it rolls back or changes do
        not queue it. Never raises: saving a dataset must not fail for it."""
        try:
            if self.on_change():
                enqueue_unique(self.fn, [package_id], **self._job(package_id))
        except Exception:
            log.exception("could not plan the %s of %s", self.kind, package_id)


def record_heartbeat(token: str = "", queue: str = DEFAULT) -> str:
    """Runs inside a worker: store when it ran (and the caller's token) for its queue."""
    now = dt.datetime.now(dt.UTC).isoformat()
    connect_to_redis().hset(_heartbeat_key(queue), mapping={"at": now, "token": token})
    return now


def enqueue_heartbeat(token: str = "", queue: str = DEFAULT) -> str:
    """Queue a heartbeat on one queue; returns the job id."""
    job = tk.enqueue_job(record_heartbeat, [token, queue], title=f"chervonohrad heartbeat {queue}", queue=queue)
    return job.id


def last_heartbeat(queue: str = DEFAULT) -> tuple[dt.datetime | None, str]:
    """When a worker last ran the heartbeat of a queue, and with which token."""
    stored = connect_to_redis().hgetall(_heartbeat_key(queue))
    if not stored:
        return None, ""
    decoded = {k.decode(): v.decode() for k, v in stored.items()}
    return dt.datetime.fromisoformat(decoded["at"]), decoded.get("token", "")
