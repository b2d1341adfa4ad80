"""Feedback waiting for an answer: the dataset's maintainer and its publisher's administrators
are reminded of each item still new or in progress `feedback_reminder_working_days` working
days after it came, then weekly while it waits (rules.feedback_round), all their items in one
letter a day; each week the council officers get the list of their hromada's waiting items.

The letters name the dataset, the day the item came and the link to answer it, never the
sender's name, address or text: those stay in the portal."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common import people
from ckanext.chervonohrad.common.clock import KYIV
from ckanext.chervonohrad.feedback.model import OPEN_STATUSES, Feedback
from ckanext.chervonohrad.hromada import access, vocabulary
from ckanext.chervonohrad.reminders import outbox, rules

TEMPLATE = "feedback_waiting"
HROMADA_TEMPLATE = "feedback_waiting_hromada"


def _received(created: dt.datetime) -> dt.date:
    return created.replace(tzinfo=dt.UTC).astimezone(KYIV).date()


def waiting(on: dt.date) -> list[dict[str, Any]]:
    """Every item waiting past its working days on `on`, with its dataset, oldest first."""
    days = config.feedback_reminder_working_days()
    rows = (model.Session.query(Feedback.id, Feedback.created, model.Package.id.label("package_id"),
                                model.Package.name, model.Package.title, model.Package.owner_org,
                                model.Package.maintainer, model.Package.maintainer_email)
            .join(model.Package, model.Package.id == Feedback.package_id)
            .filter(Feedback.status.in_(OPEN_STATUSES), model.Package.state == "active")
            .order_by(Feedback.created, Feedback.id))
    found = []
    for row in rows:
        received = _received(row.created)
        round_ = rules.feedback_round(received, on, days)
        if round_ is not None:
            found.append({**row._asdict(), "received": received, "round": round_,
                          "waited": rules.working_days_between(received, on)})
    return found


def _line(item: dict[str, Any]) -> dict[str, Any]:
    return {"dataset": item["title"] or item["name"], "received": item["received"].strftime("%d.%m.%Y"),
            "waited": item["waited"], "url": f"{outbox.site_url()}/feedback/{item['id']}"}


def plan(on: dt.date) -> list[outbox.Outgoing]:
    """Today's letters to publishers: each person once, naming their items not yet told this round."""
    items = waiting(on)
    about = {item["id"]: f"{item['id']}:{item['round']}" for item in items}
    bag = outbox.Mailbag(TEMPLATE, about.values())
    contacts = people.dataset_contacts([{**item, "id": item["package_id"]} for item in items])
    for item in items:
        for name, address in contacts.get(item["package_id"], ()):
            bag.add(name, address, about[item["id"]], item)
    days = config.feedback_reminder_working_days()
    return bag.letters(on, lambda found: {"days": days, "items": [_line(i) for i in found]})


def hromada_plan(on: dt.date) -> list[outbox.Outgoing]:
    """This week's lists to council officers: each officer once, each of their hromadas with
    waiting items once a week."""
    items = waiting(on)
    hromada_of = {org_id: code for org_id, code in access.publishers_with_hromada(model.Group.id,
                                                                                  access.hromada_column())}
    titles = dict(model.Session.query(model.Group.id, model.Group.title).filter(
        model.Group.id.in_({i["owner_org"] for i in items} or {""})))
    by_hromada: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        code = hromada_of.get(item["owner_org"])
        if code:
            by_hromada[code].append({**_line(item), "publisher": titles.get(item["owner_org"]) or ""})
    week = rules.week_of(on)
    bag = outbox.Mailbag(HROMADA_TEMPLATE, (f"{code}:{week}" for code in by_hromada))
    for code, officers in access.officer_contacts(set(by_hromada)).items():
        for name, address in officers:
            bag.add(name, address, f"{code}:{week}", code)
    days = config.feedback_reminder_working_days()
    return bag.letters(on, lambda codes: {"days": days, "hromadas": [
        {"title": vocabulary.label(code, "uk"), "title_en": vocabulary.label(code, "en"),
         "waiting": by_hromada[code]} for code in codes]})
