"""Council officers and assessments: an officer of hromada A assesses A's publishers (API and
the publisher's rating page) and lists their assessments; B's publishers stay closed to them.
Regional administrators keep every publisher; plain users and visitors assess none."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.hromada.officers import (
    SHEPTYTSKA,
    SOKALSKA,
    act,
    edrpou,
    name_officer,
    publisher_in,
    withdraw_officer,
)

QUARTER = "2025Q3"


def auth(user):
    return {"Authorization": user["token"]}


class World:
    def __init__(self):
        self.sysadmin = factories.SysadminWithToken()
        self.coordinator = factories.UserWithToken(name="oblast-coordinator")  # test.ini names this user
        self.officer_a = factories.UserWithToken()
        name_officer(self.officer_a, SHEPTYTSKA)
        self.plain = factories.UserWithToken()
        self.org_a = publisher_in(SHEPTYTSKA, "kultura-a", title="Відділ культури")
        self.org_b = publisher_in(SOKALSKA, "osvita-b", title="Відділ освіти", edrpou=edrpou("4410668"))


@pytest.fixture(scope="module")
def _world(restore_point):
    return restore_point(World)


@pytest.fixture
def world(_world):
    return _world.restore()


def assess(user, org, points=70):
    return act("chervonohrad_performance_assessment_create", user, id=org["name"], quarter=QUARTER, points=points)


class TestAssessmentApi:
    def test_officer_assesses_their_hromadas_publisher(self, world):
        row = assess(world.officer_a, world.org_a)
        assert (row["organization"], row["points"], row["author"]) == ("kultura-a", 70, world.officer_a["name"])

    def test_officer_may_not_assess_another_hromadas_publisher(self, world):
        with pytest.raises(tk.NotAuthorized):
            assess(world.officer_a, world.org_b)

    def test_plain_user_and_visitor_may_not_assess(self, world):
        for user in (world.plain, None):
            with pytest.raises(tk.NotAuthorized):
                assess(user, world.org_a)

    def test_regional_admin_assesses_everywhere(self, world):
        assert assess(world.coordinator, world.org_a)["points"] == 70
        assert assess(world.coordinator, world.org_b)["points"] == 70

    def test_officer_lists_their_hromadas_assessments_only(self, world):
        assess(world.coordinator, world.org_a, 60)
        assess(world.coordinator, world.org_b, 90)
        assert [a["organization"] for a in act("chervonohrad_performance_assessment_list", world.officer_a)] == [
            "kultura-a"]
        assert act("chervonohrad_performance_assessment_list", world.officer_a, id="kultura-a")[0]["points"] == 60
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_performance_assessment_list", world.officer_a, id="osvita-b")
        assert {a["organization"] for a in act("chervonohrad_performance_assessment_list", world.coordinator)} == {
            "kultura-a", "osvita-b"}

    def test_plain_user_lists_nothing(self, world):
        for user in (world.plain, None):
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_performance_assessment_list", user)

    def test_withdrawing_the_role_takes_the_rights_away(self, world):
        withdraw_officer(world.officer_a, SHEPTYTSKA)
        with pytest.raises(tk.NotAuthorized):
            assess(world.officer_a, world.org_a)
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_performance_assessment_list", world.officer_a)


class TestAssessmentPage:
    def test_officer_sees_the_form_on_their_hromadas_publisher_only(self, app, world):
        page_a = BeautifulSoup(app.get("/publishers/rating/kultura-a", headers=auth(world.officer_a)).body,
                               "html.parser")
        page_b = BeautifulSoup(app.get("/publishers/rating/osvita-b", headers=auth(world.officer_a)).body,
                               "html.parser")
        assert page_a.select_one("#assessment-form") is not None
        assert page_b.select_one("#assessment-form") is None

    def test_officer_records_through_the_page(self, app, world):
        app.post("/publishers/rating/kultura-a", headers=auth(world.officer_a),
                 data={"quarter": QUARTER, "points": "85", "comment": "Добре"})
        assert act("chervonohrad_performance_assessment_list", world.officer_a, id="kultura-a")[0]["points"] == 85

    def test_other_hromadas_publisher_is_a_403(self, app, world):
        app.post("/publishers/rating/osvita-b", headers=auth(world.officer_a),
                 data={"quarter": QUARTER, "points": "85"}, status=403)
        app.post("/publishers/rating/kultura-a", headers=auth(world.plain),
                 data={"quarter": QUARTER, "points": "85"}, status=403)

    def test_regional_admin_sees_the_form_everywhere(self, app, world):
        for name in ("kultura-a", "osvita-b"):
            page = BeautifulSoup(app.get(f"/publishers/rating/{name}", headers=auth(world.coordinator)).body,
                                 "html.parser")
            assert page.select_one("#assessment-form") is not None
