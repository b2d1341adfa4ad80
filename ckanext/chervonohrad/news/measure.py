"""The plan's measure read from the posts: the dashboard's last quarters and the scorecard's
one quarter (the arithmetic is quarters.py's). A portal without any news gives zero and
«not met», never an error."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ckan import model

from ckanext.chervonohrad.hromada import access as hromada_access
from ckanext.chervonohrad.news import quarters as q
from ckanext.chervonohrad.news.model import ACTIVE, News


def posts_between(start: dt.date, end: dt.date, hromada: str | None = None) -> list[tuple[str | None, dt.date]]:
    """(hromada, published) of the active posts published from `start` to `end`; with
    `hromada`, that hromada's only."""
    query = (model.Session.query(News.hromada, News.published)
             .filter(News.state == ACTIVE, News.published >= start, News.published <= end))
    if hromada:
        query = query.filter(News.hromada == hromada)
    return [(row.hromada, row.published) for row in query]


def measured_hromadas() -> list[str]:
    """The hromadas the measure is kept for: those with a publisher on the portal."""
    column = hromada_access.hromada_column()
    return sorted({row[0] for row in hromada_access.publishers_with_hromada(column).distinct() if row[0]})


def quarterly(hromada: str | None, today: dt.date, count: int = 4) -> dict[str, Any]:
    """The last `count` quarters up to today's: for a hromada, its own counts (`rows`); for the
    whole oblast (None), each measured hromada's and the oblast's total."""
    quarters = q.last_quarters(today, count)
    posts = posts_between(q.quarter_start(quarters[0]), q.quarter_end(quarters[-1]), hromada)
    if hromada:
        measured = q.measure(posts, quarters, [hromada])
        return {"quarters": quarters, "target": q.TARGET, "hromada": hromada, "rows": measured["hromadas"][hromada]}
    measured = q.measure(posts, quarters, measured_hromadas())
    return dict(measured, hromada=None)


def quarter_count(quarter: str, hromada: str | None) -> dict[str, Any]:
    """One quarter's count and whether it meets the target, for a hromada (its own posts) or
    the whole oblast (None: every post)."""
    posts = posts_between(q.quarter_start(quarter), q.quarter_end(quarter), hromada)
    measured = q.measure(posts, [quarter], [hromada] if hromada else [])
    return measured["hromadas"][hromada][0] if hromada else measured["oblast"][0]
