"""The rating pages, the assessment form and the scorecard downloads over HTTP."""
from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.performance import rating
from tests.performance.test_rating import _portal, portal, shared_portal  # noqa: F401 (fixtures)


def auth(user):
    return {"Authorization": user["token"]}


@pytest.fixture
def admin():
    return factories.SysadminWithToken()


@pytest.fixture(scope="class")
def shared_snapshot(shared_portal):  # noqa: F811
    """The quarter 2025Q3 taken of the shared portal with an assessment of finance, once for a
    class whose tests only download it (each from a user of its own)."""
    rating.take_snapshot("2025Q3")
    model.Session.commit()
    call_action("chervonohrad_performance_assessment_create", context={"user": factories.Sysadmin()["name"]},
                id="finance", quarter="2025Q3", points=64, comment="Бракує структури <script>")
    return "2025Q3"


@pytest.fixture
def snapshot(shared_snapshot):
    """The quarter the scorecard tests download."""
    return shared_snapshot


@pytest.mark.usefixtures("shared_portal")
class TestRatingPage:
    def test_rating_in_ukrainian_and_english(self, app):
        page = BeautifulSoup(app.get("/publishers/rating").body, "html.parser")
        assert page.select_one("h1").get_text(strip=True).startswith("Рейтинг розпорядників")
        rows = page.select("#publisher-rating tbody tr")
        assert [r["data-name"] for r in rows] == ["finance", "water", "archive"]
        assert rows[0].select_one(".avg-score").get_text(strip=True) == "75.3"
        assert "Publisher rating" in app.get("/en/publishers/rating").body

    def test_sorting_by_a_column_and_a_bad_sort_falls_back(self, app):
        page = BeautifulSoup(app.get("/publishers/rating?sort=title&order=asc").body, "html.parser")
        assert [r["data-name"] for r in page.select("#publisher-rating tbody tr")] == ["archive", "water", "finance"]
        page = BeautifulSoup(app.get("/publishers/rating?sort=<script>").body, "html.parser")
        assert [r["data-name"] for r in page.select("#publisher-rating tbody tr")] == ["finance", "water", "archive"]

    def test_publisher_page_shows_coverage_and_scores(self, app):
        page = BeautifulSoup(app.get("/publishers/rating/finance").body, "html.parser")
        assert page.select_one('#coverage tr[data-item="lsg-budget"]')["data-status"] == "published"
        # Missing items are listed apart, folded: as many as the rating counts.
        figures = call_action("chervonohrad_performance_publisher_rating", id="finance")["publisher"]["coverage"]
        missing = [li["data-item"] for li in page.select("#coverage-missing li")]
        assert len(missing) == figures["missing"] and "lsg-public-transport-stops" in missing
        assert len(page.select("#dataset-scores tbody tr")) == 3
        assert not page.select("#assessment-form") and not page.select("#assessments")  # visitors see neither
        app.get("/publishers/rating/nobody", status=404)

    def test_search_results_carry_the_badge_and_sort_by_quality(self, app):
        page = BeautifulSoup(app.get("/dataset/?sort=quality_score+asc").body, "html.parser")
        badges = [b.get_text(" ", strip=True) for b in page.select(".chervonohrad-quality-badge")]
        assert badges and all("/100" in b for b in badges)
        assert "Якість: найкращі спершу" in app.get("/dataset/").body
        # The same sort in CKAN 2.12's partial (htmx) answer, and on a publisher's page.
        partial = BeautifulSoup(app.get("/dataset/", headers={"HX-Request": "true"}).body, "html.parser")
        assert partial.select_one('option[value="quality_score asc, metadata_modified desc"]') is not None
        publisher = BeautifulSoup(app.get("/organization/finance").body, "html.parser")
        assert publisher.select_one('option[value="quality_score desc, metadata_modified desc"]') is not None


class TestAssessmentForm:
    def test_admin_records_an_assessment(self, app, portal, admin):  # noqa: F811
        response = app.post("/publishers/rating/finance", headers=auth(admin),
                            data={"quarter": "2025Q3", "points": "70", "comment": "Добре"}, follow_redirects=False)
        assert response.status_code == 302
        page = BeautifulSoup(app.get("/publishers/rating/finance", headers=auth(admin)).body, "html.parser")
        assert "Добре" in page.select_one("#assessments").get_text()

    def test_bad_points_are_a_400_naming_the_field(self, app, portal, admin):  # noqa: F811
        response = app.post("/publishers/rating/finance", headers=auth(admin), status=400,
                            data={"quarter": "2025Q3", "points": "200"})
        summary = BeautifulSoup(response.body, "html.parser").select_one(".error-explanation").get_text(" ")
        assert "Бали:" in summary and "від 0 до 100" in summary
        assert call_action("chervonohrad_performance_assessment_list", context={"user": admin["name"]}) == []

    def test_an_editor_cannot_assess(self, app, portal):  # noqa: F811
        editor = factories.UserWithToken()
        call_action("member_create", id=portal["finance"]["id"], object=editor["name"], object_type="user",
                    capacity="admin")
        app.post("/publishers/rating/finance", headers=auth(editor), data={"quarter": "2025Q3", "points": "100"},
                 status=403)


class TestScorecard:
    def test_csv_has_every_publisher_and_the_council_total(self, app, snapshot, admin):
        response = app.get(f"/publishers/rating/scorecard/{snapshot}.csv", headers=auth(admin))
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
        assert rows[0][:3] == ["Квартал", "Розпорядник", "Оприлюднено наборів"]
        by_title = {r[1]: r for r in rows[1:]}
        assert set(by_title) == {"Фінансове управління", "Водоканал", "Архів", "Усього по громаді"}
        assert by_title["Фінансове управління"][3] == "75.3" and by_title["Фінансове управління"][-2] == "64.0"
        assert by_title["Фінансове управління"][-1] == "Бракує структури <script>"
        assert by_title["Усього по громаді"][3] == "66.5"

    def test_xlsx_in_english_has_two_sheets(self, app, snapshot, admin):
        response = app.get(f"/en/publishers/rating/scorecard/{snapshot}.xlsx", headers=auth(admin))
        book = load_workbook(io.BytesIO(response.get_data()))
        assert book.sheetnames == ["Whole council", "Publishers"]
        council = [c.value for c in book["Whole council"][2]]
        assert council[1] == "Council total" and council[3] == 66.5
        assert book["Publishers"].max_row == 4

    def test_a_publishers_members_get_their_own_scorecard_only(self, app, snapshot, shared_portal):  # noqa: F811
        member = factories.UserWithToken()
        call_action("member_create", id=shared_portal["water"]["id"], object=member["name"], object_type="user",
                    capacity="member")
        rows = list(csv.reader(io.StringIO(app.get(f"/publishers/rating/water/scorecard/{snapshot}.csv",
                                                   headers=auth(member)).body.lstrip("\ufeff"))))
        assert [r[1] for r in rows[1:]] == ["Водоканал"]
        app.get(f"/publishers/rating/finance/scorecard/{snapshot}.csv", headers=auth(member), status=403)
        app.get(f"/publishers/rating/scorecard/{snapshot}.csv", headers=auth(member), status=403)
        app.get(f"/publishers/rating/scorecard/{snapshot}.csv", status=403)

    def test_unknown_or_malformed_quarters(self, app, snapshot, admin):
        app.get("/publishers/rating/scorecard/2024Q1.csv", headers=auth(admin), status=404)
        app.get("/publishers/rating/scorecard/2024Q9.csv", headers=auth(admin), status=400)
        app.get(f"/publishers/rating/scorecard/{snapshot}.pdf", headers=auth(admin), status=404)
