"""Update reminders: the daily run that tells each dataset's maintainer (the passport's email)
and its publisher's administrators that an update is due soon or overdue (rules.py decides).

Nothing is sent twice: each letter's lines in the sent log (model.ReminderSent, unique per
person, dataset, due date, kind and day) leave with the letter itself (outbox.py).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import extras, people
from ckanext.chervonohrad.passport import values, vocabularies
from ckanext.chervonohrad.reminders import outbox, rules
from ckanext.chervonohrad.reminders.model import ReminderSent, log_cutoff, person_key

log = logging.getLogger(__name__)

TEMPLATE = "update_reminder"


def _periods() -> dict[str, int]:
    return {code: item["days"] for code, item in vocabularies.keyed("update_frequencies").items() if item.get("days")}


def datasets_with_period() -> list[dict[str, Any]]:
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


def plan(on: dt.date) -> tuple[list[rules.Letter], dict[str, dict[str, Any]]]:
    """Today's letters (nothing written yet) and the datasets they name, by id."""
    datasets = {d["id"]: d for d in datasets_with_period()}
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
    stopped = outbox.opted_out()
    letters = rules.letters(candidates, skip=lambda address: address in stopped or person_key(address) in written)
    return letters, datasets


def letter_variables(letter: rules.Letter, datasets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    site = outbox.site_url()
    return outbox.with_unsubscribe(letter.address, {
        "recipient_name": letter.name,
        "items": [{"title": datasets[i.package_id]["title"] or datasets[i.package_id]["name"],
                   "kind": i.kind, "days": i.days, "due": i.due.strftime("%d.%m.%Y"),
                   "url": f"{site}/dataset/edit/{datasets[i.package_id]['name']}"} for i in letter.items],
    })


def outgoing(letter: rules.Letter, datasets: dict[str, dict[str, Any]], on: dt.date) -> outbox.Outgoing:
    person = person_key(letter.address)
    logs = [ReminderSent(person=person, package_id=i.package_id, due=i.due, kind=i.kind, sent_on=on)
            for i in letter.items]
    return outbox.Outgoing(letter.name, letter.address, letter_variables(letter, datasets), logs)


def run(on: dt.date | None = None) -> dict[str, int]:
    """Send today's reminders; returns counts (letters, datasets named, skipped as written)."""
    on = on or outbox.today()
    letters, datasets = plan(on)
    counts = outbox.send(TEMPLATE, (outgoing(letter, datasets, on) for letter in letters))
    named = counts["told"]
    removed = model.Session.query(ReminderSent).filter(ReminderSent.sent_on < log_cutoff(on)).delete()
    removed += outbox.forget_before(log_cutoff(on))
    model.Session.commit()
    log.info("update reminders of %s: %d letters naming %d datasets (%d written by another run); %d emails queued",
             on, counts["letters"], named, counts["skipped"], counts["queued"])
    return {"letters": counts["letters"], "datasets": named, "skipped": counts["skipped"], "log_removed": removed}
