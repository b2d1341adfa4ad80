"""The quarterly cycle's letter: when a quarter's snapshot is taken (the scheduler does it on
the next quarter's first day), the regional administrators get the oblast's scorecard and each
council officer their hromada's — as links to the CSV and XLSX downloads, which ask the reader
to sign in, so no figures travel as attachments — with the date the ministry expects it by
(`scorecard_deadline_days`). One letter per person and quarter."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ckan import model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common.admins import mail_recipients
from ckanext.chervonohrad.hromada import access, vocabulary
from ckanext.chervonohrad.performance import figures, rating
from ckanext.chervonohrad.performance.model import Snapshot
from ckanext.chervonohrad.reminders import outbox
from ckanext.chervonohrad.reminders.model import MessageSent

TEMPLATE = "quarter_scorecard"
OBLAST = {"uk": "Львівська область", "en": "Lviv oblast"}


def quarter_end(quarter: str) -> dt.date:
    year, number = figures.parse_quarter(quarter)
    first_of_next = dt.date(year + number // 4, number % 4 * 3 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def deadline(quarter: str) -> dt.date | None:
    days = config.scorecard_deadline_days()
    return quarter_end(quarter) + dt.timedelta(days=days) if days else None


def links(quarter: str, hromada: str | None = None) -> dict[str, str]:
    base = f"{outbox.site_url()}/publishers/rating/scorecard/{quarter}"
    query = f"?hromada={hromada}" if hromada else ""
    return {"csv": f"{base}.csv{query}", "xlsx": f"{base}.xlsx{query}"}


def _totals(quarter: str) -> dict[str, dict[str, Any]]:
    """The quarter's frozen totals: the oblast's and each hromada's, by scope."""
    scopes = (Snapshot.scope == rating.COUNCIL) | Snapshot.scope.like(rating.HROMADA_SCOPE + "%")
    rows = model.Session.query(Snapshot).filter(Snapshot.quarter == quarter, scopes)
    return {row.scope: rating.snapshot_dict(row) for row in rows}


def plan(quarter: str, on: dt.date) -> list[outbox.Outgoing]:
    """The quarter's letters, once its snapshot exists (none before)."""
    totals = _totals(quarter)
    if rating.COUNCIL not in totals:
        return []
    due = deadline(quarter)
    bag = outbox.Mailbag(TEMPLATE, [quarter])
    oblast = {**totals[rating.COUNCIL], "title": OBLAST["uk"], "title_en": OBLAST["en"], "links": links(quarter)}
    for name, address in mail_recipients():
        bag.add(name, address, quarter, oblast)
    for code, officers in access.officer_contacts().items():
        scope = rating.hromada_scope(code)
        if scope not in totals:
            continue
        section = {**totals[scope], "title": vocabulary.label(code, "uk"), "title_en": vocabulary.label(code, "en"),
                   "links": links(quarter, code)}
        for name, address in officers:
            bag.add(name, address, quarter, section)
    return bag.letters(on, lambda sections: {"quarter": quarter, "sections": sections,
                                             "deadline": due.strftime("%d.%m.%Y") if due else None})


def status(quarter: str) -> dict[str, Any]:
    """Whether the quarter's snapshot was taken and its scorecard sent, for the dashboard."""
    taken = model.Session.query(Snapshot.taken_at).filter_by(quarter=quarter, scope=rating.COUNCIL).scalar()
    sent = (model.Session.query(MessageSent.sent_on)
            .filter(MessageSent.message == TEMPLATE, MessageSent.about == quarter))
    days = [row.sent_on for row in sent]
    due = deadline(quarter)
    return {"quarter": quarter, "snapshot_taken": taken.isoformat() if taken else None,
            "scorecard_sent_on": min(days).isoformat() if days else None, "scorecard_recipients": len(days),
            "deadline": due.isoformat() if due else None, "links": links(quarter) if taken else None}
