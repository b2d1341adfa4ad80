"""The Atom feed: valid Atom with absolute links, the entries newest first, each entry's
content the sanitised HTML, narrowed by ?hromada=."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.news.conftest import SOKALSKA, act, news_data

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(app, url: str) -> ET.Element:
    response = app.get(url)
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    return root


class TestFeed:
    def test_an_empty_portal_has_a_valid_empty_feed(self, app, world):
        root = parsed(app, "/news/feed.atom")
        assert root.find(f"{ATOM}entry") is None and root.find(f"{ATOM}title").text

    def test_entries_with_absolute_links_and_sanitised_content(self, app, world, post):
        act("chervonohrad_news_create", world.coordinator, **news_data(
            title="Обласна <b>новина</b>", hromada="", published="2026-01-01", datasets=[],
            body="Текст <script>alert(1)</script> [посилання](javascript:alert(2)) <img src=x onerror=alert(3)>"))
        root = parsed(app, "/news/feed.atom")
        entries = root.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}title").text for e in entries] == [post["title"], "Обласна <b>новина</b>"]
        for entry in entries:
            href = entry.find(f"{ATOM}link").get("href")
            assert href.startswith("http://") and "/news/" in href
            assert entry.find(f"{ATOM}id").text == href
            assert entry.find(f"{ATOM}content").get("type") == "html"
        assert "<strong>бюджет</strong>" in entries[0].find(f"{ATOM}content").text
        unsafe = entries[1].find(f"{ATOM}content").text
        assert "<script" not in unsafe and "onerror" not in unsafe and "javascript:" not in unsafe
        assert entries[1].find(f"{ATOM}published").text.startswith("2026-01-01T00:00:00+02:00")
        self_link = next(link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self")
        assert self_link.get("href").startswith("http://") and self_link.get("href").endswith("/news/feed.atom")

    def test_narrowed_to_a_hromada_or_the_oblast(self, app, world, post):
        act("chervonohrad_news_create", world.officer_b, **news_data(title="Сокаль", hromada=SOKALSKA, datasets=[]))
        act("chervonohrad_news_create", world.coordinator, **news_data(title="Область", hromada="", datasets=[]))
        titles = [e.find(f"{ATOM}title").text for e in parsed(app, f"/news/feed.atom?hromada={SOKALSKA}")
                  .findall(f"{ATOM}entry")]
        assert titles == ["Сокаль"]
        titles = [e.find(f"{ATOM}title").text for e in parsed(app, "/news/feed.atom?hromada=oblast")
                  .findall(f"{ATOM}entry")]
        assert titles == ["Область"]
        app.get("/news/feed.atom?hromada=UA00000000000000000", status=400)

    def test_a_deleted_post_leaves_the_feed(self, app, world, post):
        act("chervonohrad_news_delete", world.coordinator, id=post["id"])
        assert parsed(app, "/news/feed.atom").find(f"{ATOM}entry") is None
