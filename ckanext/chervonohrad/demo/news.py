"""The demo's news (news.yaml): one item a quarter for the Sheptytskyi hromada over the last
four quarters before the demo's clock and the current one, each about one or two demo
datasets, and one item of the whole oblast. Matched by title: loading again adds none."""
from __future__ import annotations

import datetime as dt
import os
from typing import Any

import yaml

import ckan.plugins.toolkit as tk
from ckan import model

HERE = os.path.dirname(__file__)


def read() -> dict[str, Any]:
    with open(os.path.join(HERE, "news.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def published_day(now: dt.datetime, quarters_ago: int, day: int) -> dt.date:
    """Day `day` (1 = the first) of the quarter `quarters_ago` quarters before `now`'s Kyiv
    day, but never after that day (a post is not dated in the future)."""
    from ckanext.chervonohrad.news import quarters as q

    today = q.kyiv_day(now)
    quarter = q.last_quarters(today, quarters_ago + 1)[0]
    wanted = q.quarter_start(quarter) + dt.timedelta(days=day - 1)
    return min(wanted, q.quarter_end(quarter), today)


def load(now: dt.datetime | None = None) -> int:
    """Create the demo's news items that are missing; returns how many were made."""
    from ckanext.chervonohrad.demo.loader import SYSADMIN
    from ckanext.chervonohrad.news.logic.validators import public_dataset
    from ckanext.chervonohrad.news.model import News

    now = now or dt.datetime.utcnow()
    made = 0
    for entry in read()["news"]:
        if model.Session.query(News.id).filter(News.title == entry["title"]).first() is not None:
            continue
        author = entry.get("author") or SYSADMIN["name"]
        if model.User.get(author) is None:
            author = SYSADMIN["name"]
        # Only the datasets the demo has published (a private or missing one would be refused).
        datasets = [name for name in entry.get("datasets") or [] if public_dataset(name) is not None]
        tk.get_action("chervonohrad_news_create")({"user": author}, {
            "title": entry["title"], "body": entry["body"].strip(), "hromada": entry.get("hromada") or "",
            "published": published_day(now, int(entry["quarters_ago"]), int(entry["day"])).isoformat(),
            "datasets": datasets})
        made += 1
    return made
