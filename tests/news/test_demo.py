"""The demo's news load through the action, once: a Sheptytskyi item in each of the last
four quarters and the current one, and one item of the whole oblast (on this suite's own
portal: the demo's datasets are skipped when missing)."""
from __future__ import annotations

import datetime as dt

from ckan.tests import factories

from ckanext.chervonohrad.demo import news as demo_news
from ckanext.chervonohrad.news import measure
from ckanext.chervonohrad.news import quarters as q
from tests.news.conftest import SHEPTYTSKA, act


def test_the_demo_news_load_once(world):
    factories.Sysadmin(name="admin")  # the demo's administrator writes where the demo's users are missing
    now = dt.datetime.utcnow()
    assert demo_news.load(now) == 6
    assert demo_news.load(now) == 0
    listed = act("chervonohrad_news_list", None, limit=100)["results"]
    assert sorted(p["hromada"] or "" for p in listed) == [""] + [SHEPTYTSKA] * 5
    counted = measure.quarterly(SHEPTYTSKA, q.kyiv_day(now), count=5)["rows"]
    assert [c["met"] for c in counted] == [True] * 5
    assert all(p["published"] <= q.kyiv_day(now).isoformat() for p in listed)
    assert all(3 <= len(p["title"]) <= 200 and "**" in p["body"] for p in listed)


def test_a_day_is_kept_inside_its_quarter_and_never_after_today():
    now = dt.datetime(2026, 2, 10, 12)
    assert demo_news.published_day(now, 0, 40) == dt.date(2026, 2, 9)
    assert demo_news.published_day(now, 0, 1) == dt.date(2026, 1, 1)
    assert demo_news.published_day(now, 1, 95) == dt.date(2025, 12, 31)
    assert demo_news.published_day(now, 4, 20) == dt.date(2025, 1, 20)
