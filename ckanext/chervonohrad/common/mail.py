"""Email through CKAN's mailer, never at the cost of the record that caused it, never in the
web request.

Callers commit their change first, then call `notify`. It renders the message from
templates/chervonohrad/emails/<name>.txt (Ukrainian, then English: the portal does not
know a recipient's language) and puts one background job per recipient on CKAN's queue;
a worker (`ckan jobs worker`) sends it. So a slow or broken SMTP server never holds a page
or turns a stored submission into an error page that invites a second submit.

When SMTP refuses, RQ retries the job after 1, 5, 15, 60 minutes and 6 hours
(`RETRY_INTERVALS`). `ckan jobs worker` runs no RQ scheduler, so nothing would move a
retry back to the queue when it is due: `release_due_retries` does that (with RQ's own
scheduler lock, so it never races a real scheduler); each new notification and each
delivery call it, and `ckan chervonohrad mail flush` from cron (every few minutes) makes
it timely when the portal is quiet. A job that failed for the last time stays in RQ's
failed registry for `mail_failed_keep_days` days and is then deleted by Redis with the
addresses in it.

When Redis itself is down, the submission is already committed: `notify` logs an error
and keeps the message in `chervonohrad_mail_pending`; the next notification that reaches
Redis (or the cron command) queues it. Pending mail older than `mail_failed_keep_days` is
dropped unsent (logged), so addresses do not stay in the database either.

A portal without a sender address (`smtp.mail_from`, which CKAN's mailer needs for every
message) is treated like one without Redis: nothing is queued to fail six times, the mail
waits in `chervonohrad_mail_pending`, and `ckan chervonohrad status` names the option.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any

import jinja2
from redis.exceptions import RedisError
from rq import Retry
from rq.scheduler import RQScheduler
from sqlalchemy import Column, DateTime, Integer, Text, UnicodeText

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.lib import mailer

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import jobs

log = logging.getLogger(__name__)

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates", "chervonohrad", "emails")
# Seconds before each retry: a mail server's restart, a longer outage, a bad night.
RETRY_INTERVALS = [60, 300, 900, 3600, 6 * 3600]
RETRIES = len(RETRY_INTERVALS)

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, keep_trailing_newline=True)


class PendingMail(tk.BaseModel):
    """An email that could not be queued (Redis was down); queued by the next `flush`."""

    __tablename__ = "chervonohrad_mail_pending"

    id = Column(Integer, primary_key=True, autoincrement=True)
    template = Column(Text, nullable=False)
    recipient_name = Column(UnicodeText)
    address = Column(UnicodeText, nullable=False)
    subject = Column(UnicodeText, nullable=False)
    body = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


def render(name: str, **variables: Any) -> tuple[str, str]:
    """Subject (the template's first line) and body of emails/<name>.txt."""
    variables.setdefault("site_title", tk.config.get("ckan.site_title"))
    variables.setdefault("site_title_en", config.site_title_en() or variables["site_title"])  # the English part
    variables.setdefault("site_url", tk.config.get("ckan.site_url"))
    text = _env.get_template(f"{name}.txt").render(**variables)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


def deliver(recipient_name: str, recipient_email: str, subject: str, body: str) -> None:
    """Runs in a worker; raising makes RQ retry it (after the next interval)."""
    release_due_retries()
    mailer.mail_recipient(recipient_name, recipient_email, subject, body)


def _keep_seconds() -> int:
    return config.mail_failed_keep_days() * 86400


def _enqueue(template: str, recipient_name: str, address: str, subject: str, body: str) -> None:
    """Queue one delivery (raises RedisError when Redis is unreachable)."""
    keep = _keep_seconds()
    options = {
        "retry": Retry(max=RETRIES, interval=RETRY_INTERVALS),
        "failure_ttl": keep,  # a job that failed for good holds an address: gone after this
        "ttl": keep,  # so does one no worker ever took
        "result_ttl": 0,  # a delivered job is deleted at once
    }
    tk.enqueue_job(deliver, [recipient_name, address, subject, body], title=f"email {template} to {address}",
                   queue=jobs.URGENT, rq_kwargs=options)


def sender_missing() -> bool:
    """Whether CKAN's mailer lacks the sender address it puts on every message."""
    return not (tk.config.get("smtp.mail_from") or "").strip()


def notify(recipients: list[tuple[str, str]], name: str, **variables: Any) -> int:
    """Queue an email to each (name, address); returns how many were queued (the others are
    kept as pending mail: Redis was unreachable, or no sender is configured). Never raises
    for a delivery problem."""
    subject, body = render(name, **variables)
    queued = 0
    for recipient_name, address in recipients:
        if not address:
            continue
        if sender_missing():
            log.error("email %r not queued: smtp.mail_from is not set; kept as pending mail for "
                      "`ckan chervonohrad mail flush` once it is", name)
            _keep_pending(name, recipient_name, address, subject, body)
            continue
        try:
            _enqueue(name, recipient_name, address, subject, body)
            queued += 1
        except RedisError as error:
            log.error("email %r could not be queued, Redis is unreachable (%s); kept as pending mail for "
                      "`ckan chervonohrad mail flush`", name, error)
            _keep_pending(name, recipient_name, address, subject, body)
    if queued:
        # Redis answers again: what an outage left behind goes out too, and retries come due.
        _flush_quietly()
    return queued


def stage(recipient: tuple[str, str], template: str, **variables: Any) -> None:
    """Add one email to the outbox in the caller's transaction (not committed here): it is
    kept together with what the caller records about it (a sent log), or not at all. After the
    commit `queue_pending` queues it; a crash in between leaves it for the next flush."""
    subject, body = render(template, **variables)
    model.Session.add(PendingMail(template=template, recipient_name=recipient[0], address=recipient[1],
                                  subject=subject, body=body))


def _keep_pending(template: str, recipient_name: str, address: str, subject: str, body: str) -> None:
    try:
        model.Session.add(PendingMail(template=template, recipient_name=recipient_name, address=address,
                                      subject=subject, body=body))
        model.Session.commit()
    except Exception:  # the caller's record is committed; losing the email must not undo the page
        model.Session.rollback()
        log.exception("email %r to one recipient is lost: neither Redis nor the database took it", template)


def queue_pending() -> tuple[int, int]:
    """Queue the pending mail (oldest first); drop what is older than `mail_failed_keep_days`.
    Returns (queued, dropped). Stops, keeping the rest, when Redis is still unreachable."""
    cutoff = dt.datetime.utcnow() - dt.timedelta(seconds=_keep_seconds())
    dropped = model.Session.query(PendingMail).filter(PendingMail.created < cutoff).delete()
    if dropped:
        log.warning("%d pending emails older than %d days dropped unsent", dropped, config.mail_failed_keep_days())
    model.Session.commit()
    queued = 0
    if sender_missing():
        return queued, dropped
    # One row at a time, locked until its deletion commits: two flushes never queue the same
    # email, and a crash re-queues at most the one being queued.
    while True:
        row = (model.Session.query(PendingMail).order_by(PendingMail.id)
               .with_for_update(skip_locked=True).first())
        if row is None:
            break
        try:
            _enqueue(row.template, row.recipient_name, row.address, row.subject, row.body)
        except RedisError:
            model.Session.rollback()
            break
        model.Session.delete(row)
        model.Session.commit()
        queued += 1
    return queued, dropped


def release_due_retries() -> int:
    """Move retries whose time has come from the scheduled registry back to the queue, as RQ's
    scheduler would (under its lock; if a real scheduler holds it, that one does the work)."""
    queues = [ckan_jobs.get_queue(name) for name in jobs.QUEUES]
    scheduler = RQScheduler(queues, connection=queues[0].connection)
    if not scheduler.acquire_locks():
        return 0
    try:
        before = sum(queue.count for queue in queues)
        scheduler.enqueue_scheduled_jobs()
        return sum(queue.count for queue in queues) - before
    finally:
        scheduler.release_locks()


def _flush_quietly() -> None:
    try:
        release_due_retries()
        if model.Session.query(PendingMail.id).limit(1).first() is not None:
            queue_pending()
    except Exception:
        model.Session.rollback()
        log.exception("pending mail not flushed; `ckan chervonohrad mail flush` will")
