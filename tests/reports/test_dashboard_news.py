"""The dashboard's «News by quarter» (action plan item 6.4): the last four quarters for a
hromada, or per hromada and the oblast's total; a portal without news shows 0 and «not met»."""
from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from ckan.tests.helpers import call_action

from ckanext.chervonohrad.news import quarters as q
from tests.reports.conftest import OTHER_HROMADA

SHEPTYTSKA = "UA46120130000026331"  # finance's and water's hromada


def write(day: str, hromada: str | None = SHEPTYTSKA) -> dict:
    return call_action("chervonohrad_news_create", context={"user": "oblast-coordinator", "ignore_auth": False},
                       title=f"Новина {day}", body="Нові дані.", published=day, hromada=hromada or "")


def cells(page: BeautifulSoup, hromada: str) -> list[tuple[str, str, str]]:
    """The quarters' cells of a hromada's row (the oblast view), or of its rows (its own view)."""
    found = page.select(f"#news-table tr[data-hromada='{hromada}'] td")
    return [(td["data-quarter"], td["data-count"], td["data-met"]) for td in found]


class TestNewsByQuarter:
    def test_an_empty_portal_shows_zero_and_not_met(self, app, portal):
        d = call_action("chervonohrad_reports_dashboard", hromada=SHEPTYTSKA)
        assert [(c["count"], c["met"]) for c in d["news"]["rows"]] == [(0, False)] * 4
        page = BeautifulSoup(app.get("/open-data/dashboard?hromada=all").body, "html.parser")
        table = page.select_one("#chart-news table#news-table")
        assert table.select_one("caption") is not None
        assert all(th.get("scope") in ("col", "row") for th in table.select("th"))
        assert {c[1:] for c in cells(page, "oblast")} == {("0", "false")}
        assert {c[1:] for c in cells(page, OTHER_HROMADA)} == {("0", "false")}

    def test_posts_counted_in_their_kyiv_quarters(self, app, portal):
        today = dt.date.today()
        quarters = q.last_quarters(today)
        first_day = q.quarter_start(quarters[-1]).isoformat()  # the first day of this quarter
        last_of_previous = q.quarter_end(quarters[-2]).isoformat()
        write(first_day)
        write(last_of_previous)
        write(first_day, hromada=None)  # the whole oblast's: the total only
        page = BeautifulSoup(app.get(f"/open-data/dashboard?hromada={SHEPTYTSKA}").body, "html.parser")
        assert cells(page, SHEPTYTSKA) == [(quarters[0], "0", "false"), (quarters[1], "0", "false"),
                                           (quarters[2], "1", "true"), (quarters[3], "1", "true")]
        whole = BeautifulSoup(app.get("/open-data/dashboard?hromada=all").body, "html.parser")
        assert cells(whole, "oblast")[-1] == (quarters[3], "2", "true")
        assert cells(whole, SHEPTYTSKA)[-1] == (quarters[3], "1", "true")
        assert cells(whole, OTHER_HROMADA)[-1] == (quarters[3], "0", "false")
        english = app.get("/en/open-data/dashboard?hromada=all").body
        assert "News by quarter" in english and "not met" in english
