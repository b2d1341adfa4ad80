"""The one clock the models stamp their rows with, and how a stamp is shown (Kyiv time)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def utcnow() -> dt.datetime:
    """Now in UTC as a naive datetime: the columns are `timestamp without time zone` holding UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# The portal's people read times in Kyiv; rows hold UTC.
KYIV = ZoneInfo("Europe/Kyiv")


def kyiv_text(value: str | dt.datetime | dt.date | None, with_time: bool = False) -> str:
    """A UTC moment (ISO text, naive or aware datetime) as a Kyiv date, and time when asked:
    27.11.2026 14:05. A date is shown as it is."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(moment, dt.datetime):
        return moment.strftime("%d.%m.%Y")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(KYIV).strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")
