"""The news as an Atom feed (feedgen): every link absolute, each entry's content the body as
the pages show it (Markdown through CKAN's sanitiser), so a feed reader runs no script a
post's author typed."""
from __future__ import annotations

import datetime as dt
from typing import Any

from feedgen.feed import FeedGenerator

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.news.quarters import KYIV


def _moment(iso: str | None) -> dt.datetime:
    """A stored UTC stamp (naive ISO text) as an aware datetime."""
    return dt.datetime.fromisoformat(iso).replace(tzinfo=dt.UTC) if iso else dt.datetime.now(dt.UTC)


def _day(iso: str) -> dt.datetime:
    """The published day as the start of that day in Kyiv."""
    return dt.datetime.combine(dt.date.fromisoformat(iso), dt.time(), tzinfo=KYIV)


def atom(posts: list[dict[str, Any]], title: str, hromada: str | None, lang: str) -> bytes:
    """The feed of `posts` (as chervonohrad_news_show gives them), newest first."""
    args = {"hromada": hromada} if hromada else {}
    self_url = tk.h.url_for("chervonohrad_news.feed", _external=True, **args)
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.author({"name": tk.config.get("ckan.site_title") or "CKAN"})
    feed.link(href=tk.h.url_for("chervonohrad_news.index", _external=True, **args), rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.language(lang)
    feed.updated(max((_moment(p["modified"]) for p in posts), default=dt.datetime.now(dt.UTC)))
    for post in posts:
        url = tk.h.url_for("chervonohrad_news.read", id=post["id"], _external=True)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(post["title"])
        entry.link(href=url, rel="alternate")
        entry.published(_day(post["published"]))
        entry.updated(_moment(post["modified"]))
        entry.summary(tk.h.markdown_extract(post["body"], extract_length=300))
        entry.content(str(tk.h.render_markdown(post["body"])), type="html")
    return feed.atom_str(pretty=True)
