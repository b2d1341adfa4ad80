"""The dashboard's figures on the crafted portal against hand-computed values, its pure
arithmetic, and the page with every chart and its table."""
from __future__ import annotations

import datetime as dt

from ckan.tests.helpers import call_action

from ckanext.chervonohrad.reports import dashboard

CHARTS = ("published", "compliance-history", "coverage", "overdue", "feedback", "suggestions", "quality")


def month(day: dt.datetime) -> str:
    return day.strftime("%Y-%m")


class TestFigures:
    def test_against_hand_computed_values(self, busy_portal):
        d = call_action("chervonohrad_reports_dashboard")
        now = dt.datetime.utcnow()
        published = {m["month"]: m for m in d["published"]}
        assert len(d["published"]) == 24
        assert published[month(now - dt.timedelta(days=425))]["new"] == 1
        assert published[month(now)] == {"month": month(now), "new": 4, "total": 5}
        # Scores 90, 60, 76 (finance) and 40, 80 (water): 3 of 5 meet the recommendations.
        assert (d["council"]["datasets"], d["council"]["meets_share"], d["council"]["avg_score"]) == (5, 60.0, 69.2)
        # Not updated on time: tax and misc, both finance's.
        assert d["overdue"]["count"] == 2
        assert d["overdue"]["by_publisher"] == [{"name": "finance", "title": "Фінансове управління", "overdue": 2,
                                                 "datasets": 3}]
        assert {o["name"] for o in d["overdue"]["oldest"]} == {"tax", "misc"}
        # Feedback: spam left out; answered after 5 h and 30 h, one waiting.
        assert d["feedback"]["totals"] == {"received": 3, "answered": 2, "open": 1, "median_hours": 17.5}
        assert sum(m["received"] for m in d["feedback"]["months"]) == 3
        # Suggestions by votes; declined ones left out.
        assert [(s["title"], s["votes"]) for s in d["suggestions"]] == [("Розклад GTFS", 3), ("Парковки", 1)]
        assert [p["name"] for p in d["quality"]["best"]] == ["finance", "water"] and d["quality"]["weakest"] == []
        audit = call_action("chervonohrad_reports_audit", items=False)
        assert d["coverage"]["totals"] == audit["totals"]
        sections = {s["section"]: s for s in d["coverage"]["sections"]}
        assert sum(s["applicable"] for s in sections.values()) == audit["totals"]["applicable"]

    def test_a_hromada_filter(self, busy_portal):
        from tests.reports.conftest import OTHER_HROMADA
        d = call_action("chervonohrad_reports_dashboard", hromada=OTHER_HROMADA)
        assert (d["council"]["datasets"], d["overdue"]["count"], d["feedback"]["totals"]["received"]) == (0, 0, 0)
        assert d["coverage"]["totals"]["publishers"] == 1


class TestPure:
    def test_months_cross_the_year(self):
        assert dashboard.month_keys(dt.date(2026, 2, 10), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]

    def test_the_timeline_counts_earlier_datasets_in_its_first_total(self):
        points = dashboard.timeline({"2020-01": 7, "2026-01": 2, "2026-02": 1}, dt.date(2026, 2, 1), months=3)
        assert points == [{"month": "2025-12", "new": 0, "total": 7}, {"month": "2026-01", "new": 2, "total": 9},
                          {"month": "2026-02", "new": 1, "total": 10}]

    def test_quality_shows_the_best_and_the_weakest_of_many(self):
        publishers = [{"name": f"p{i}", "title": f"P{i:02d}", "avg_score": float(i), "datasets": 1} for i in range(30)]
        picked = dashboard.quality_by_publisher(publishers, top=3)
        assert [p["name"] for p in picked["best"]] == ["p29", "p28", "p27"]
        assert [p["name"] for p in picked["weakest"]] == ["p2", "p1", "p0"] and picked["total"] == 30


class TestPage:
    def test_every_chart_with_its_table(self, busy_portal, app):
        for prefix in ("", "/en"):
            page = app.get(f"{prefix}/open-data/dashboard").get_data(as_text=True)
            for chart in CHARTS:
                assert f'id="{chart}-chart' in page or f'id="{chart}"' in page or f'{chart}-title' in page, chart
            assert page.count("<svg") >= 7 and 'id="published-table"' in page and 'id="quality-table-1"' in page
            assert "Розклад GTFS" in page and "Зарплати" not in page


class TestHromadas:
    def test_a_hromadas_dashboard_has_its_own_figures_and_history(self, busy_portal):
        from ckan import model

        from ckanext.chervonohrad.performance import rating

        rating.take_snapshot("2025Q3")
        model.Session.commit()
        sheptytska = "UA46120130000026331"
        d = call_action("chervonohrad_reports_dashboard", hromada=sheptytska)
        # finance and water are Sheptytska's: every dataset of the portal.
        assert (d["council"]["datasets"], d["council"]["avg_score"]) == (5, 69.2)
        assert d["overdue"]["count"] == 2 and d["feedback"]["totals"]["received"] == 3
        assert d["coverage"]["totals"]["publishers"] == 2
        assert [h["quarter"] for h in d["compliance_history"]] == ["2025Q3"]
        assert d["council"]["trend"] == {"quarter": "2025Q3", "avg_score": 0.0, "meets_share": 0.0}

    def test_the_page_opens_on_the_viewers_hromada_and_carries_it(self, busy_portal, app):
        from tests.reports.conftest import OTHER_HROMADA

        page = app.get("/open-data/dashboard", headers={"Authorization": busy_portal["finance_admin"]["token"]})
        html = page.get_data(as_text=True)
        assert 'value="UA46120130000026331" selected' in html
        assert "register.csv?hromada=UA46120130000026331" in html
        assert 'value="all" selected' in app.get("/open-data/dashboard").get_data(as_text=True)
        other = app.get(f"/open-data/dashboard?hromada={OTHER_HROMADA}").get_data(as_text=True)
        assert f'value="{OTHER_HROMADA}" selected' in other
        assert app.get("/open-data/dashboard?hromada=UA1", status=400)
