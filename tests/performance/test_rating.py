"""The publisher rating, snapshots and assessments on a crafted portal: figures checked
against values computed by hand, permissions, bad input."""
from __future__ import annotations

import datetime as dt

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.performance import rating
from ckanext.chervonohrad.performance.model import Snapshot
from ckanext.chervonohrad.quality.model import DatasetScore
from tests.factories import PassportDataset, Publisher


def applicable(publisher_type: str) -> int:
    return sum(1 for item in vocabularies.items("list835") if publisher_type in item["publisher_types"])


def set_score(dataset, score, meets, on_time):
    row = model.Session.get(DatasetScore, dataset["id"])
    row.score, row.meets, row.on_time = score, meets, on_time
    model.Session.commit()


def make_portal() -> dict:
    """Finance (executive body): three public datasets, one draft, one private; Water
    (communal enterprise): one; Archive: none. Scores set by hand."""
    finance = Publisher(name="finance", title="Фінансове управління")
    water = Publisher(name="water", title="Водоканал", publisher_type="communal_enterprise")
    archive = Publisher(name="archive", title="Архів")
    budget = PassportDataset(owner_org=finance["id"], list835_item="lsg-budget")
    budget_old = PassportDataset(owner_org=finance["id"], list835_item="lsg-budget")
    other = PassportDataset(owner_org=finance["id"], list835_item="")
    PassportDataset(owner_org=finance["id"], state="draft", list835_item="lsg-public-transport-stops")
    PassportDataset(owner_org=finance["id"], private=True, list835_item="lsg-public-transport-stops")
    structure = PassportDataset(owner_org=water["id"], list835_item="all-org-structure")
    set_score(budget, 90, True, True)
    set_score(budget_old, 60, False, False)
    set_score(other, 76, True, False)
    set_score(structure, 40, False, True)
    return {"finance": finance, "water": water, "archive": archive, "structure": structure}


@pytest.fixture(scope="module")
def _portal(restore_point):
    return restore_point(make_portal)


@pytest.fixture
def portal(_portal):
    """The portal of make_portal, for a test that changes it."""
    return _portal.restore()


@pytest.fixture(scope="class")
def shared_portal(reset_portal_db, reset_index):
    """The portal of make_portal made once for a class whose tests only read it (or are refused
    a change): a portal takes seconds to make. Every test of such a class uses this one, none
    `portal` (whose clean_db would empty it under the next)."""
    reset_portal_db()
    reset_index()
    return make_portal()


def by_name(result):
    return {p["name"]: p for p in result["publishers"]}


class TestRatingFigures:
    def test_each_publisher_against_hand_computed_values(self, shared_portal):
        result = call_action("chervonohrad_performance_publisher_rating")
        finance, water, archive = (by_name(result)[n] for n in ("finance", "water", "archive"))
        # Finance: drafts and private datasets do not count; (90 + 60 + 76) / 3 = 75.33.
        assert (finance["datasets"], finance["avg_score"], finance["meets_share"], finance["on_time_share"]) == (
            3, 75.3, 66.7, 33.3)
        # The budget (item lsg-budget) has one dataset on time: published, not overdue.
        assert finance["coverage"]["items"]["lsg-budget"] == "published"
        assert finance["coverage"]["items"]["lsg-public-transport-stops"] == "missing"
        assert finance["coverage"]["applicable"] == applicable("executive_body")
        assert (finance["coverage"]["published"], finance["coverage"]["overdue"]) == (1, 0)
        assert (water["avg_score"], water["meets_share"], water["on_time_share"]) == (40.0, 0.0, 100.0)
        assert water["coverage"]["applicable"] == applicable("communal_enterprise")
        assert (archive["datasets"], archive["avg_score"], archive["meets_share"]) == (0, None, None)

    def test_council_totals_count_every_dataset_once(self, shared_portal):
        council = call_action("chervonohrad_performance_publisher_rating")["council"]
        # (90 + 60 + 76 + 40) / 4 = 66.5; 2 of 4 meet; 2 of 4 on time.
        assert (council["datasets"], council["avg_score"], council["meets_share"], council["on_time_share"]) == (
            4, 66.5, 50.0, 50.0)
        assert council["coverage"]["applicable"] == (2 * applicable("executive_body")
                                                     + applicable("communal_enterprise"))
        assert council["coverage"]["published"] == 2

    def test_sorting_and_bad_sort_keys(self, shared_portal):
        names = [p["name"] for p in call_action("chervonohrad_performance_publisher_rating", sort="avg_score")[
            "publishers"]]
        assert names == ["finance", "water", "archive"]
        names = [p["name"] for p in call_action("chervonohrad_performance_publisher_rating", sort="on_time_share")[
            "publishers"]]
        assert names == ["water", "finance", "archive"]
        with pytest.raises(tk.ValidationError) as error:
            call_action("chervonohrad_performance_publisher_rating", sort="score; drop table")
        assert "sort" in error.value.error_dict

    def test_breakdown_of_one_publisher(self, shared_portal):
        result = call_action("chervonohrad_performance_publisher_rating", id="finance")
        publisher = result["publisher"]
        assert publisher["avg_score"] == 75.3
        budget = next(i for i in publisher["coverage"]["items"] if i["id"] == "lsg-budget")
        assert budget["status"] == "published" and len(budget["datasets"]) == 2
        assert [d["score"] for d in publisher["dataset_scores"]] == [60, 76, 90]
        with pytest.raises(tk.ObjectNotFound):
            call_action("chervonohrad_performance_publisher_rating", id="no-such-publisher")

    def test_the_rating_is_public(self, shared_portal):
        assert call_auth("chervonohrad_performance_publisher_rating", {"user": None})
        assert call_auth("chervonohrad_performance_snapshot_list", {"user": None})


class TestOverdue:
    def test_an_item_whose_datasets_are_all_late_is_overdue(self, portal):
        budget_on_time = model.Session.query(DatasetScore).filter_by(score=90).one()
        budget_on_time.on_time = False
        model.Session.commit()
        finance = by_name(call_action("chervonohrad_performance_publisher_rating"))["finance"]
        assert finance["coverage"]["items"]["lsg-budget"] == "overdue"


class TestSnapshots:
    def test_a_snapshot_freezes_the_figures_and_feeds_the_trend(self, portal):
        rating.take_snapshot("2025Q3")
        model.Session.commit()
        frozen = {s["scope"]: s for s in call_action("chervonohrad_performance_snapshot_list", quarter="2025Q3")}
        assert frozen["council"]["avg_score"] == 66.5 and frozen[portal["finance"]["id"]]["meets_share"] == 66.7
        assert frozen[portal["water"]["id"]]["coverage_published"] == 1
        # The figures move on; the snapshot does not, and the trend shows the difference.
        set_score(portal["structure"], 80, True, True)
        frozen_again = call_action("chervonohrad_performance_snapshot_list", quarter="2025Q3", id="water")
        assert frozen_again[0]["avg_score"] == 40.0
        water = by_name(call_action("chervonohrad_performance_publisher_rating"))["water"]
        assert water["trend"] == {"quarter": "2025Q3", "avg_score": 40.0, "meets_share": 100.0}

    def test_a_quarter_is_not_overwritten_by_accident(self, portal):
        rating.take_snapshot("2025Q3")
        with pytest.raises(FileExistsError):
            rating.take_snapshot("2025Q3")
        assert rating.take_snapshot("2025Q3", replace=True) == 3
        model.Session.commit()
        # the oblast, the one hromada of the three publishers, each publisher
        assert model.Session.query(Snapshot).filter_by(quarter="2025Q3").count() == 5


class TestAssessments:
    def test_a_regional_admin_records_and_corrects_an_assessment(self, portal, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.chervonohrad.regional_admins", "coordinator")
        factories.User(name="coordinator")
        context = {"user": "coordinator"}
        call_action("chervonohrad_performance_assessment_create", context=dict(context), id="finance",
                    quarter="2025Q3", points="72,5", comment="Бюджет оновлюється вчасно")
        again = call_action("chervonohrad_performance_assessment_create", context=dict(context), id="finance",
                            quarter="2025Q3", points=80)
        assert again["points"] == 80 and again["comment"] == ""
        listed = call_action("chervonohrad_performance_assessment_list", context=dict(context), id="finance")
        assert [(a["quarter"], a["points"], a["author"]) for a in listed] == [("2025Q3", 80, "coordinator")]
        finance = by_name(call_action("chervonohrad_performance_publisher_rating"))["finance"]
        assert finance["assessment"] == {"quarter": "2025Q3", "points": 80}

    def test_who_may_assess_and_see_assessments(self, portal):
        editor = factories.User()
        outsider = factories.User()
        call_action("member_create", id=portal["finance"]["id"], object=editor["name"], object_type="user",
                    capacity="editor")
        sysadmin = factories.Sysadmin()
        assert call_auth("chervonohrad_performance_assessment_create", {"user": sysadmin["name"]})
        for user in (editor, outsider):
            with pytest.raises(tk.NotAuthorized):
                call_auth("chervonohrad_performance_assessment_create", {"user": user["name"]}, id="finance")
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_performance_assessment_create", {"user": None}, id="finance")
        assert call_auth("chervonohrad_performance_assessment_list", {"user": editor["name"]}, id="finance")
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_performance_assessment_list", {"user": editor["name"]}, id="water")
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_performance_assessment_list", {"user": outsider["name"]}, id="finance")
        with pytest.raises(tk.NotAuthorized):  # only administrators list everyone's
            call_auth("chervonohrad_performance_assessment_list", {"user": editor["name"]})


class TestRefused:
    """Bad quarters and assessments, refused: the portal stays as made."""

    @pytest.mark.parametrize("quarter", ["2025Q5", "2025-3", "2099Q1"])
    def test_bad_quarters_are_refused(self, shared_portal, quarter):
        with pytest.raises(tk.ValidationError) as error:
            call_action("chervonohrad_performance_snapshot_list", quarter=quarter)
        assert "quarter" in error.value.error_dict

    @pytest.mark.parametrize("field, value", [
        ("points", "101"), ("points", "-1"), ("points", "багато"), ("points", "nan"), ("points", ""),
        ("quarter", "2025Q0"), ("quarter", "2099Q1"), ("quarter", ""), ("comment", "x" * 4001)])
    def test_bad_input_is_refused_and_nothing_is_stored(self, shared_portal, field, value, ukrainian):
        data = dict({"id": "finance", "quarter": "2025Q3", "points": "50", "comment": "ok"}, **{field: value})
        with pytest.raises(tk.ValidationError) as error:
            call_action("chervonohrad_performance_assessment_create",
                        context={"user": factories.Sysadmin()["name"]}, **data)
        assert list(error.value.error_dict) == [field]
        assert call_action("chervonohrad_performance_assessment_list",
                           context={"user": factories.Sysadmin()["name"]}) == []

    def test_unknown_publisher(self, shared_portal):
        with pytest.raises(tk.ObjectNotFound):
            call_action("chervonohrad_performance_assessment_create", context={"user": factories.Sysadmin()["name"]},
                        id="nobody", quarter="2025Q3", points=1)


# Redis emptied first: the three messages count against the per-sender rate limit, whose
# counters outlive a test (and a run) until their window ends.
@pytest.mark.usefixtures("clean_redis")
class TestResponsiveness:
    def test_the_rating_shows_each_publishers_median_first_response(self, portal):
        from ckanext.chervonohrad.feedback.model import Feedback

        budget = model.Session.query(DatasetScore).filter_by(score=90).one().package_id
        now = dt.datetime.utcnow()
        for hours in (4, 10, 30):
            item = call_action("chervonohrad_feedback_create", context={"user": factories.User()["name"]},
                               package_id=budget, category="outdated", message="Оновіть, будь ласка",
                               email="reader@example.com", consent=True)
            row = model.Session.get(Feedback, item["id"])
            row.created, row.first_response_at, row.status = (now - dt.timedelta(hours=100),
                                                              now - dt.timedelta(hours=100 - hours), "answered")
        model.Session.commit()
        result = call_action("chervonohrad_performance_publisher_rating")
        assert by_name(result)["finance"]["median_response_hours"] == pytest.approx(10.0, abs=0.01)
        assert by_name(result)["water"]["median_response_hours"] is None
        assert result["council"]["median_response_hours"] == pytest.approx(10.0, abs=0.01)
