"""Update reminders: the daily run that tells each dataset's maintainer (the passport's email)
and its publisher's administrators that an update is due soon or overdue (rules.py decides).

Nothing is sent twice: each letter's lines in the sent log (model.ReminderSent, unique per
person, dataset, due date, kind and day) and the letter itself (common/mail.stage, the outbox)
are committed together, so a second scheduler or a restart finds them written and sends nothing
more, and a crash before the commit leaves nothing half done. The outbox is then queued to the
workers, which send through CKAN's mailer with back-off (common/mail.py).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import extras, mail, people
from ckanext.chervonohrad.common.clock import KYIV
from ckanext.chervonohrad.passport import values, vocabularies
from ckanext.chervonohrad.reminders import rules, unsubscribe
from ckanext.chervonohrad.reminders.model import OptOut, ReminderSent, log_cutoff, person_key

log = logging.getLogger(__name__)

TEMPLATE = "update_reminder"


def today() -> dt.date:
    return dt.datetime.now(KYIV).date()


def _periods() -> dict[str, int]:
    return {code: item["days"] for code, item in vocabularies.keyed("update_frequencies").items() if item.get("days")}


def _datasets() -> list[dict[str, Any]]:
    """Active datasets (public or private) with a fixed update period, as plain rows."""
    frequency = extras.package_column("update_frequency")
    rows = (model.Session.query(model.Package.id, model.Package.name, model.Package.title, model.Package.owner_org,
                                model.Package.maintainer, model.Package.maintainer_email,
                                model.Package.metadata_modified, frequency.label("frequency"))
            .filter(model.Package.type == "dataset", model.Package.state == "active"))
    periods = _periods()
    found = []
    for row in rows:
        period = periods.get(values.update_frequency_code(row.frequency) or "")
        if period and row.metadata_modified:
            found.append({**row._asdict(), "period": period, "last_change": row.metadata_modified.date()})
    return found


def _sent(package_ids: list[str], since: dt.date) -> dict[tuple[str, str, dt.date], dict[str, dt.date]]:
    """(person, dataset, due date) → {kind: the last day it was sent}."""
    found: dict[tuple[str, str, dt.date], dict[str, dt.date]] = defaultdict(dict)
    if not package_ids:
        return found
    rows = model.Session.query(ReminderSent).filter(ReminderSent.package_id.in_(package_ids),
                                                    ReminderSent.due >= since)
    for row in rows:
        kinds = found[(row.person, row.package_id, row.due)]
        kinds[row.kind] = max(kinds.get(row.kind, row.sent_on), row.sent_on)
    return found


def opted_out() -> set[str]:
    return {address for (address,) in model.Session.query(OptOut.address)}


def plan(on: dt.date) -> tuple[list[rules.Letter], dict[str, dict[str, Any]]]:
    """Today's letters (nothing written yet) and the datasets they name, by id."""
    datasets = {d["id"]: d for d in _datasets()}
    contacts = people.dataset_contacts(list(datasets.values()))
    sent = _sent(list(datasets), log_cutoff(on))
    lead = config.reminder_days_before()
    candidates = []
    for package_id, dataset in datasets.items():
        due_date = rules.due_date(dataset["last_change"], dataset["period"])
        for name, address in contacts.get(package_id, ()):
            item = rules.reminder(package_id, dataset["last_change"], dataset["period"], on, lead_option=lead,
                                  last_sent=sent.get((person_key(address), package_id, due_date)))
            if item:
                candidates.append((address, name, item))
    # The log knows people by their address's hash; opt-outs keep the address (lower case).
    written = {person for (person,) in model.Session.query(ReminderSent.person).filter(ReminderSent.sent_on == on)}
    stopped = opted_out()
    letters = rules.letters(candidates, skip=lambda address: address in stopped or person_key(address) in written)
    return letters, datasets


def letter_variables(letter: rules.Letter, datasets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    site = tk.config.get("ckan.site_url").rstrip("/")
    return {
        "recipient_name": letter.name,
        "items": [{"title": datasets[i.package_id]["title"] or datasets[i.package_id]["name"],
                   "kind": i.kind, "days": i.days, "due": i.due.strftime("%d.%m.%Y"),
                   "url": f"{site}/dataset/edit/{datasets[i.package_id]['name']}"} for i in letter.items],
        "unsubscribe_url": unsubscribe.url(letter.address),
    }


def run(on: dt.date | None = None) -> dict[str, int]:
    """Send today's reminders; returns counts (letters, datasets named, skipped as written)."""
    on = on or today()
    letters, datasets = plan(on)
    sent = named = skipped = 0
    for letter in letters:
        person = person_key(letter.address)
        for item in letter.items:
            model.Session.add(ReminderSent(person=person, package_id=item.package_id, due=item.due,
                                           kind=item.kind, sent_on=on))
        mail.stage((letter.name, letter.address), TEMPLATE, **letter_variables(letter, datasets))
        try:
            model.Session.commit()
        except IntegrityError:  # another run wrote this letter first
            model.Session.rollback()
            skipped += 1
            continue
        sent += 1
        named += len(letter.items)
    removed = model.Session.query(ReminderSent).filter(ReminderSent.sent_on < log_cutoff(on)).delete()
    model.Session.commit()
    queued, _dropped = mail.queue_pending()
    log.info("update reminders of %s: %d letters naming %d datasets (%d written by another run); %d emails queued",
             on, sent, named, skipped, queued)
    return {"letters": sent, "datasets": named, "skipped": skipped, "log_removed": removed}
