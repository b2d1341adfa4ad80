"""A dataset's page lists the news about it, only while the dataset is public; a dataset no
post names shows no news block."""
from __future__ import annotations

from bs4 import BeautifulSoup

from ckan.tests.helpers import call_action

from tests.news.conftest import act, news_data


def news_block(app, path, **kwargs):
    page = app.get(path, **kwargs)
    assert page.status_code == 200
    return BeautifulSoup(page.body, "html.parser").select_one("#dataset-news")


def test_the_dataset_page_lists_the_news_about_it(app, world):
    act("chervonohrad_news_create", world.officer_a, **news_data())
    block = news_block(app, "/dataset/biudzhet-2026")
    assert block.h2.text == "Новини про ці дані"
    assert [a.text for a in block.select("li > a")] == ["Нові дані про бюджет громади"]
    assert block.select_one("li > a")["href"].startswith("/news/")
    assert news_block(app, "/en/dataset/biudzhet-2026").h2.text == "News about these data"
    assert news_block(app, "/dataset/zupynky") is None


def test_a_dataset_made_private_shows_no_news_even_to_its_editor(app, world):
    act("chervonohrad_news_create", world.officer_a, **news_data())
    call_action("package_patch", context={"user": "portal-admin", "ignore_auth": True}, id="biudzhet-2026",
                private=True)
    assert news_block(app, "/dataset/biudzhet-2026", headers={"Authorization": world.editor_a["token"]}) is None
