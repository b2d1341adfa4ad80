"""Email through CKAN's mailer, never at the cost of the record that caused it.

Callers commit their change first, then call `notify`. It renders the message from
templates/chervonohrad/emails/<name>.txt (Ukrainian, then English: the portal does not
know a recipient's language) and tries SMTP at once; if that fails the failure is logged
and delivery moves to a background job on Redis, which RQ retries.
"""
from __future__ import annotations

import logging
import os
from typing import Any

import jinja2
from rq import Retry

import ckan.plugins.toolkit as tk
from ckan.lib import mailer

log = logging.getLogger(__name__)

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates", "chervonohrad", "emails")
RETRIES = 5

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, keep_trailing_newline=True)


def render(name: str, **variables: Any) -> tuple[str, str]:
    """Subject (the template's first line) and body of emails/<name>.txt."""
    variables.setdefault("site_title", tk.config.get("ckan.site_title"))
    variables.setdefault("site_url", tk.config.get("ckan.site_url"))
    text = _env.get_template(f"{name}.txt").render(**variables)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


def deliver(recipient_name: str, recipient_email: str, subject: str, body: str) -> None:
    """Runs in a worker; raising makes RQ retry it."""
    mailer.mail_recipient(recipient_name, recipient_email, subject, body)


def notify(recipients: list[tuple[str, str]], name: str, **variables: Any) -> int:
    """Email each (name, address); returns how many went out at once (the rest are queued)."""
    subject, body = render(name, **variables)
    sent = 0
    for recipient_name, address in recipients:
        if not address:
            continue
        try:
            deliver(recipient_name, address, subject, body)
            sent += 1
        except Exception as error:  # SMTP down, refused, timed out: the job will retry
            log.warning("email %r to %s failed (%s); queued for retry", name, address, error)
            tk.enqueue_job(deliver, [recipient_name, address, subject, body], title=f"email {name} to {address}",
                           rq_kwargs={"retry": Retry(max=RETRIES)})
    return sent
