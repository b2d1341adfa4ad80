"""API of the privacy room: erasing one person's data on request. (Retention runs daily
from cron, `ckan chervonohrad privacy retain`; it is no action.)"""
from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.privacy import erase
from ckanext.chervonohrad.privacy.logic import schema

log = logging.getLogger(__name__)


@action
@tk.validate(schema.erase)
def chervonohrad_privacy_erase(context, data_dict) -> dict[str, Any]:
    """Anonymise one person's data everywhere the portal holds it (regional administrators
    only), e.g. on their request under Art. 8 of the Law «Про захист персональних даних».
    The person is matched by email address, exactly (any case), and through the accounts
    that carry that address: their feedback and suggestions (name, email, account link; the
    message stays), their votes (deleted), applications naming them (responsible person's
    details, document, listed addresses), other people's text quoting the address, and emails
    to them waiting in the job queue. Counts, statuses and response times stay, so the
    publisher rating does not change.

    :param email: the person's email address
    :param dry_run: true to count what would change and change nothing (default false)
    :returns: counts: ``accounts``, ``feedback``, ``suggestions``, ``votes``, ``applications``,
        ``listed_people``, ``documents``, ``texts``, ``mail_jobs``, ``dry_run``, and ``to_review``:
        ``{"publishers": [names], "datasets": [names]}`` whose own public contact is this address
        (not changed: the publisher manages it)
    """
    tk.check_access("chervonohrad_privacy_erase", context, data_dict)
    counts = erase.erase(data_dict["email"], dry_run=data_dict["dry_run"])
    # Who erased and how much, never whose data (the log would keep the address).
    log.info("privacy erase by %s%s: %s", context.get("user"), " (dry run)" if data_dict["dry_run"] else "",
             {k: v for k, v in counts.items() if k != "to_review"})
    return counts
