"""The plan's measure: at least one news item a quarter per hromada, in Kyiv quarters; the
oblast-wide posts count for the oblast total only; a portal without news gives 0 and «not
met»."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.chervonohrad.news import measure
from ckanext.chervonohrad.news import quarters as q
from tests.news.conftest import SHEPTYTSKA, SOKALSKA, act, news_data


class TestPure:
    def test_quarters_of_days_and_the_last_four(self):
        assert q.quarter_of(dt.date(2026, 3, 31)) == "2026Q1" and q.quarter_of(dt.date(2026, 4, 1)) == "2026Q2"
        assert q.last_quarters(dt.date(2026, 2, 10)) == ["2025Q2", "2025Q3", "2025Q4", "2026Q1"]
        assert q.quarter_start("2026Q4") == dt.date(2026, 10, 1) and q.quarter_end("2026Q4") == dt.date(2026, 12, 31)
        assert q.quarter_end("2026Q1") == dt.date(2026, 3, 31)

    def test_a_moment_counts_on_its_kyiv_day(self):
        # 31 March 2026, 22:30 UTC is already 1 April in Kyiv (UTC+3 in summer time).
        assert q.quarter_of(q.kyiv_day(dt.datetime(2026, 3, 31, 22, 30))) == "2026Q2"
        assert q.quarter_of(q.kyiv_day(dt.datetime(2025, 12, 31, 21, 59))) == "2025Q4"
        assert q.quarter_of(q.kyiv_day(dt.datetime(2025, 12, 31, 22, 0))) == "2026Q1"

    def test_counts_per_hromada_and_the_oblast(self):
        posts = [(SHEPTYTSKA, dt.date(2026, 1, 1)), (SHEPTYTSKA, dt.date(2026, 3, 31)), (None, dt.date(2026, 4, 1)),
                 (SOKALSKA, dt.date(2025, 12, 31)), (SHEPTYTSKA, dt.date(2024, 1, 1))]
        measured = q.measure(posts, ["2025Q4", "2026Q1", "2026Q2"], [SHEPTYTSKA])
        assert [(c["count"], c["met"]) for c in measured["hromadas"][SHEPTYTSKA]] == [(0, False), (2, True), (0, False)]
        assert [(c["count"], c["met"]) for c in measured["hromadas"][SOKALSKA]] == [(1, True), (0, False), (0, False)]
        assert [c["count"] for c in measured["oblast"]] == [1, 2, 1]  # the oblast-wide post counts here only
        assert None not in measured["hromadas"]

    def test_nothing_at_all(self):
        measured = q.measure([], ["2026Q1"], [SHEPTYTSKA])
        assert measured["oblast"] == [{"quarter": "2026Q1", "count": 0, "met": False}]
        assert measured["hromadas"][SHEPTYTSKA] == [{"quarter": "2026Q1", "count": 0, "met": False}]


class TestFromTheDatabase:
    def test_an_empty_portal_shows_zero_and_not_met(self, world):
        today = dt.date(2026, 5, 1)
        whole = measure.quarterly(None, today)
        assert whole["quarters"] == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
        assert all(c == {"quarter": c["quarter"], "count": 0, "met": False} for c in whole["oblast"])
        assert set(whole["hromadas"]) == {SHEPTYTSKA, SOKALSKA}  # the hromadas with publishers
        assert [c["count"] for c in measure.quarterly(SHEPTYTSKA, today)["rows"]] == [0, 0, 0, 0]
        assert measure.quarter_count("2026Q1", SHEPTYTSKA) == {"quarter": "2026Q1", "count": 0, "met": False}

    @pytest.mark.parametrize("day,quarter", [("2026-01-01", "2026Q1"), ("2025-12-31", "2025Q4"),
                                             ("2026-04-01", "2026Q2"), ("2026-03-31", "2026Q1")])
    def test_a_post_counts_for_the_quarter_of_its_day(self, world, day, quarter):
        act("chervonohrad_news_create", world.officer_a, **news_data(published=day))
        rows = {c["quarter"]: c for c in measure.quarterly(SHEPTYTSKA, dt.date(2026, 5, 1))["rows"]}
        assert rows[quarter] == {"quarter": quarter, "count": 1, "met": True}
        assert sum(c["count"] for c in rows.values()) == 1
        assert measure.quarter_count(quarter, SOKALSKA)["met"] is False

    def test_deleted_and_oblast_wide_posts(self, world):
        kept = act("chervonohrad_news_create", world.coordinator, **news_data(published="2026-02-01"))
        gone = act("chervonohrad_news_create", world.coordinator, **news_data(published="2026-02-02"))
        act("chervonohrad_news_create", world.coordinator, **news_data(published="2026-02-03", hromada=""))
        act("chervonohrad_news_delete", world.coordinator, id=gone["id"])
        assert kept
        whole = measure.quarterly(None, dt.date(2026, 3, 1))
        assert whole["oblast"][-1]["count"] == 2
        assert whole["hromadas"][SHEPTYTSKA][-1]["count"] == 1
        assert whole["hromadas"][SOKALSKA][-1] == {"quarter": "2026Q1", "count": 0, "met": False}
        assert measure.quarter_count("2026Q1", None)["count"] == 2
