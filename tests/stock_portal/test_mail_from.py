"""A stock portal's ini often has no `smtp.mail_from` (CKAN starts without it, and a portal that
never sent email never needed it). CKAN's mailer needs it for every message, so the adopted portal
must say so instead of queueing feedback email that fails six times (#17)."""
from __future__ import annotations

import os

from tests import suite_ini
from tests.stock_portal import portal
from tests.stock_portal.conftest import WORK


def _without_mail_from(adoption) -> portal.Site:
    ini = os.path.join(WORK, "no-mail-from.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(f"[app:main]\nuse = config:{suite_ini()}\nsmtp.mail_from =\n")
        with open(suite_ini(), encoding="utf-8") as suite:  # logging sections are not inherited
            text = suite.read()
        f.write(text[text.index("[loggers]"):] if "[loggers]" in text else "")
    return portal.Site(ini, dict(adoption.site.env))


def test_status_names_the_missing_sender_address(adoption):
    site = _without_mail_from(adoption)
    status = site.ckan("chervonohrad", "status", check=False)
    assert status.returncode != 0, status
    assert "smtp.mail_from" in status.output, status


def test_mail_flush_without_a_sender_address_keeps_the_mail_and_does_not_crash(adoption):
    site = _without_mail_from(adoption)
    flush = site.ckan("chervonohrad", "mail", "flush", check=False)
    assert flush.returncode == 0, flush
    assert "Traceback" not in flush.output, flush
