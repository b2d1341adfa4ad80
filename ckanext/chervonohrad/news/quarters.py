"""The plan's measure (item 6.4: at least one news item a quarter), as pure functions: the
Kyiv day a moment falls on, the quarter of a day, the last few quarters, and the count of
posts per hromada and quarter against «at least one». No CKAN imports."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")

# The plan asks for at least this many posts a quarter.
TARGET = 1


def kyiv_day(moment_utc: dt.datetime) -> dt.date:
    """The day it is in Kyiv at a UTC moment (naive datetimes are UTC, as the rows hold them)."""
    if moment_utc.tzinfo is None:
        moment_utc = moment_utc.replace(tzinfo=dt.UTC)
    return moment_utc.astimezone(KYIV).date()


def quarter_of(day: dt.date) -> str:
    """2026Q1 for any day of January to March 2026."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_start(quarter: str) -> dt.date:
    year, number = int(quarter[:4]), int(quarter[-1])
    return dt.date(year, 3 * (number - 1) + 1, 1)


def quarter_end(quarter: str) -> dt.date:
    """The last day of the quarter."""
    start = quarter_start(quarter)
    following = dt.date(start.year + 1, 1, 1) if start.month == 10 else dt.date(start.year, start.month + 3, 1)
    return following - dt.timedelta(days=1)


def last_quarters(today: dt.date, count: int = 4) -> list[str]:
    """The `count` quarters up to and including today's, oldest first."""
    year, number = today.year, (today.month - 1) // 3 + 1
    found = []
    for _ in range(count):
        found.append(f"{year}Q{number}")
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return found[::-1]


def _cell(quarter: str, count: int) -> dict[str, Any]:
    return {"quarter": quarter, "count": count, "met": count >= TARGET}


def measure(posts: Iterable[tuple[str | None, dt.date]], quarters: list[str],
            hromadas: Iterable[str] = ()) -> dict[str, Any]:
    """Each hromada's count of posts per quarter and whether it meets «at least one», and the
    oblast's: `posts` are (hromada or None, published day) of the active posts. An oblast-wide
    post (hromada None) counts for the oblast total only; the oblast total counts every post.
    `hromadas` are listed even with no post (a hromada's posts are listed whether named or not)."""
    per_hromada: Counter[tuple[str, str]] = Counter()
    oblast: Counter[str] = Counter()
    codes = list(dict.fromkeys(hromadas))
    wanted = set(quarters)
    for hromada, day in posts:
        quarter = quarter_of(day)
        if quarter not in wanted:
            continue
        oblast[quarter] += 1
        if hromada:
            per_hromada[(hromada, quarter)] += 1
            if hromada not in codes:
                codes.append(hromada)
    return {
        "quarters": list(quarters), "target": TARGET,
        "oblast": [_cell(q, oblast[q]) for q in quarters],
        "hromadas": {code: [_cell(q, per_hromada[(code, q)]) for q in quarters] for code in codes},
    }
