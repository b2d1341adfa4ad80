"""The one clock the models stamp their rows with."""
from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """Now in UTC as a naive datetime: the columns are `timestamp without time zone` holding UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
