"""The rating's arithmetic on crafted rows (pure functions, no services)."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.chervonohrad.performance import figures

LIST = [
    {"id": "all-a", "publisher_types": ["executive_body", "communal_enterprise"]},
    {"id": "all-b", "publisher_types": ["executive_body", "communal_enterprise"]},
    {"id": "exec-only", "publisher_types": ["executive_body"]},
]


def row(**values):
    base = {"id": "o1", "name": "o1", "title": "O1", "publisher_type": "executive_body", "datasets": 0,
            "scored": 0, "score_sum": 0, "meets_count": 0, "on_time_count": 0, "items": [], "items_on_time": []}
    return dict(base, **values)


@pytest.mark.parametrize("day, quarter", [
    (dt.date(2025, 1, 1), "2025Q1"), (dt.date(2025, 3, 31), "2025Q1"), (dt.date(2025, 4, 1), "2025Q2"),
    (dt.date(2025, 9, 30), "2025Q3"), (dt.date(2025, 12, 31), "2025Q4")])
def test_quarter_of(day, quarter):
    assert figures.quarter_of(day) == quarter


@pytest.mark.parametrize("text, ok", [("2025Q3", True), ("2026Q4", True), ("2026Q5", False), ("2025q3", False),
                                      ("25Q3", False), ("", False), ("2027Q1", False), (None, False)])
def test_quarter_must_be_well_formed_and_begun(text, ok):
    assert figures.quarter_is_past_or_current(text, dt.date(2026, 11, 27)) is ok


def test_applicable_items_follow_the_publisher_type():
    assert [i["id"] for i in figures.applicable_items(LIST, "executive_body")] == ["all-a", "all-b", "exec-only"]
    assert [i["id"] for i in figures.applicable_items(LIST, "communal_enterprise")] == ["all-a", "all-b"]
    # A publisher without a type answers for what binds every type.
    assert [i["id"] for i in figures.applicable_items(LIST, None)] == ["all-a", "all-b"]


def test_coverage_marks_published_overdue_and_missing():
    cover = figures.coverage(LIST, published=["all-a", "all-b", "not-applicable"], on_time=["all-a"])
    assert cover["items"] == {"all-a": "published", "all-b": "overdue", "exec-only": "missing"}
    assert (cover["applicable"], cover["published"], cover["overdue"], cover["missing"]) == (3, 1, 1, 1)
    assert cover["share"] == pytest.approx(66.7)
    assert figures.coverage([], [], [])["share"] is None


def test_publisher_shares_are_percentages():
    figs = figures.publisher(row(datasets=4, scored=4, score_sum=285.0, meets_count=3, on_time_count=2,
                                 items=["all-a"], items_on_time=["all-a"]), LIST)
    assert (figs["avg_score"], figs["meets_share"], figs["on_time_share"]) == (71.2, 75.0, 50.0)  # 285 / 4 = 71.25
    assert figs["coverage"]["published"] == 1 and figs["coverage_share"] == pytest.approx(33.3)


def test_a_publisher_with_nothing_published_has_no_figures():
    figs = figures.publisher(row(title=None), LIST)
    assert figs["title"] == "o1" and figs["avg_score"] is None and figs["meets_share"] is None
    assert figs["coverage"]["missing"] == 3


def test_council_weights_by_scored_datasets():
    a = figures.publisher(row(id="a", datasets=3, scored=3, score_sum=270.0, meets_count=3, on_time_count=3,
                              items=["all-a"], items_on_time=["all-a"]), LIST)
    b = figures.publisher(row(id="b", datasets=1, scored=1, score_sum=50.0, meets_count=0, on_time_count=0,
                              publisher_type="communal_enterprise"), LIST)
    empty = figures.publisher(row(id="c"), LIST)
    council = figures.council([a, b, empty])
    assert council["datasets"] == 4 and council["scored"] == 4 and council["publishers"] == 3
    assert council["avg_score"] == 80.0          # (3 × 90 + 1 × 50) / 4
    assert council["meets_share"] == 75.0        # 3 of 4 datasets
    assert council["coverage"] == {"applicable": 8, "published": 1, "overdue": 0, "missing": 7}
    assert council["coverage_share"] == 12.5
    assert figures.council([])["avg_score"] is None


def test_trend_against_an_earlier_snapshot():
    assert figures.trend({"avg_score": 80.0, "meets_share": 70.0},
                         {"quarter": "2025Q3", "avg_score": 72.5, "meets_share": 75.0}) == {
        "quarter": "2025Q3", "avg_score": 7.5, "meets_share": -5.0}
    assert figures.trend({"avg_score": None, "meets_share": 1.0}, {"quarter": "q", "avg_score": 3,
                                                                   "meets_share": None})["avg_score"] is None
    assert figures.trend({"avg_score": 1}, None) is None


def test_sort_puts_unknown_figures_last_in_either_direction():
    rows = [{"title": "Б", "avg_score": 50}, {"title": "А", "avg_score": None}, {"title": "В", "avg_score": 90},
            {"title": "Г", "avg_score": 50}]
    assert [r["title"] for r in figures.sort(rows, "avg_score")] == ["В", "Б", "Г", "А"]
    assert [r["title"] for r in figures.sort(rows, "avg_score", descending=False)] == ["Б", "Г", "В", "А"]
    assert [r["title"] for r in figures.sort(rows, "title", descending=False)] == ["А", "Б", "В", "Г"]
    with_trend = [{"title": "x", "trend": {"avg_score": -1}}, {"title": "y", "trend": None}]
    assert [r["title"] for r in figures.sort(with_trend, "trend")] == ["x", "y"]
