"""Personal data in the background-job queue on Redis: emails waiting to be (re)sent carry
the recipient's address and a body that may quote the sender; failed jobs keep both until
RQ's failure TTL expires."""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

from rq.job import Job
from rq.registry import BaseRegistry, DeferredJobRegistry, FailedJobRegistry, ScheduledJobRegistry

from ckan.lib import jobs as ckan_jobs

from ckanext.chervonohrad.privacy import rules

log = logging.getLogger(__name__)


def _fetch(job_ids: list[str], connection) -> Iterator[Job]:
    for job in Job.fetch_many(job_ids, connection=connection):
        if job is not None:
            yield job


def _waiting(queue) -> Iterator[tuple[Job, BaseRegistry | None]]:
    """Every job of a queue that has not run to success: waiting, scheduled for a retry,
    deferred, or failed (a job being run right now is left to finish)."""
    yield from ((job, None) for job in _fetch(queue.get_job_ids(), queue.connection))
    for registry_class in (ScheduledJobRegistry, DeferredJobRegistry, FailedJobRegistry):
        registry = registry_class(queue=queue)
        yield from ((job, registry) for job in _fetch(registry.get_job_ids(), queue.connection))


def _mentions(job: Job, address: str) -> bool:
    try:
        return (job.func_name or "").startswith(rules.MAIL_MODULE) and rules.mentions([job.args, job.kwargs], address)
    except Exception:  # a job whose data cannot be read (another extension's, a stale pickle)
        return False


def _delete(job: Job, registry: BaseRegistry | None) -> None:
    if registry is not None:
        registry.remove(job, delete_job=True)
    else:
        job.delete()


def erase_mail_to(address: str, dry_run: bool = False) -> int:
    """Drop every unsent email job of this site's queues that is to `address` or quotes it."""
    count = 0
    for queue in ckan_jobs.get_all_queues():
        for job, registry in list(_waiting(queue)):
            if _mentions(job, address):
                count += 1
                if not dry_run:
                    _delete(job, registry)
    return count


def clear_failed_before(before: dt.datetime, dry_run: bool = False) -> int:
    """Delete failed jobs of this site's queues that ended before `before` (UTC, naive):
    whatever they hold (email addresses, message bodies) is past retention."""
    count = 0
    for queue in ckan_jobs.get_all_queues():
        registry = FailedJobRegistry(queue=queue)
        for job in list(_fetch(registry.get_job_ids(), queue.connection)):
            ended = job.ended_at or job.enqueued_at or job.created_at
            if ended is not None and ended.replace(tzinfo=None) < before:
                count += 1
                if not dry_run:
                    registry.remove(job, delete_job=True)
    return count
