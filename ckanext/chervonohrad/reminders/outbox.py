"""How every scheduled message leaves: its lines in a sent log and the email itself (the
outbox, common/mail.stage) are committed together, one letter at a time, so a second
scheduler or a restart finds them written and sends nothing more, and a crash before the
commit leaves nothing half done. The outbox is then queued to the workers, which send through
CKAN's mailer with back-off (common/mail.py)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common import mail
from ckanext.chervonohrad.common.clock import KYIV
from ckanext.chervonohrad.reminders import unsubscribe
from ckanext.chervonohrad.reminders.model import MessageSent, OptOut, person_key


@dataclass
class Outgoing:
    """One email to one person and what the sent log keeps of it."""

    name: str
    address: str
    variables: dict[str, Any]
    logs: list[Any] = field(default_factory=list)  # sent-log rows, added with the email


def today() -> dt.date:
    return dt.datetime.now(KYIV).date()


def site_url() -> str:
    return tk.config.get("ckan.site_url").rstrip("/")


def opted_out() -> set[str]:
    return {address for (address,) in model.Session.query(OptOut.address)}


def already_told(message: str, abouts: Iterable[str]) -> set[tuple[str, str]]:
    """(person, about) pairs of `message` in the sent log, for the given abouts."""
    abouts = sorted(set(abouts))
    if not abouts:
        return set()
    rows = model.Session.query(MessageSent.person, MessageSent.about).filter(
        MessageSent.message == message, MessageSent.about.in_(abouts))
    return {(person, about) for person, about in rows}


def told(message: str, address: str, abouts: Iterable[str], on: dt.date) -> list[MessageSent]:
    """The sent-log rows of one letter of `message` to `address`, one per thing it tells."""
    person = person_key(address)
    return [MessageSent(person=person, message=message, about=about, sent_on=on) for about in abouts]


def forget_before(day: dt.date) -> int:
    """Delete the other messages' log lines sent before `day` (the daily run does, with its own):
    a week's digest or a feedback item's round never comes again, so an old line guards nothing."""
    return model.Session.query(MessageSent).filter(MessageSent.sent_on < day).delete()


def with_unsubscribe(address: str, variables: dict[str, Any]) -> dict[str, Any]:
    return {**variables, "unsubscribe_url": unsubscribe.url(address)}


class Mailbag:
    """The letters of one message as it is planned: each person (their address, lower case) once,
    with every part told to them; a person who stopped the emails, or was told a part's `about`
    already (the sent log), gets nothing of it."""

    def __init__(self, message: str, abouts: Iterable[str]):
        self.message = message
        self._told = already_told(message, abouts)
        self._stopped = opted_out()
        self._letters: dict[str, tuple[str, str, list[tuple[str, Any]]]] = {}

    def add(self, name: str, address: str, about: str, part: Any) -> None:
        key = address.lower()
        if key in self._stopped or (person_key(key), about) in self._told:
            return
        self._letters.setdefault(key, (name, address, []))[2].append((about, part))

    def letters(self, on: dt.date, variables: Callable[[list[Any]], dict[str, Any]]) -> list[Outgoing]:
        """One Outgoing per person, by address: `variables(parts)` beside the recipient's name and
        the unsubscribe link, a sent-log line per distinct `about`."""
        return [Outgoing(name, address,
                         with_unsubscribe(address, {"recipient_name": name, **variables([p for _, p in parts])}),
                         told(self.message, address, dict.fromkeys(about for about, _ in parts), on))
                for _key, (name, address, parts) in sorted(self._letters.items())]


def send(template: str, letters: Iterable[Outgoing]) -> dict[str, int]:
    """Stage each letter with its log rows and commit it alone; a letter another run wrote first
    (the unique sent log) is skipped. Returns the counts (`told`: the log lines of the letters
    sent, e.g. datasets named); the outbox is queued at the end."""
    sent = skipped = told_ = 0
    for letter in letters:
        model.Session.add_all(letter.logs)
        mail.stage((letter.name, letter.address), template, **letter.variables)
        try:
            model.Session.commit()
        except IntegrityError:  # another run wrote this letter first
            model.Session.rollback()
            skipped += 1
            continue
        sent += 1
        told_ += len(letter.logs)
    queued, _dropped = mail.queue_pending()
    return {"letters": sent, "skipped": skipped, "told": told_, "queued": queued}
