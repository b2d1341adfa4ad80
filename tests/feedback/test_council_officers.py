"""Council officers and feedback: an officer of hromada A reads, moves on, answers,
publishes and deletes the feedback on A's publishers' datasets, through the API and the
pages, and sees A's inbox; B's feedback stays closed to them. Suggestions belong to no
publisher and stay with the regional administrators."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.factories import PassportDataset
from tests.feedback.conftest import feedback_data
from tests.hromada.officers import (
    SHEPTYTSKA,
    SOKALSKA,
    act,
    edrpou,
    name_officer,
    publisher_in,
    withdraw_officer,
)

# Each capability: the action, what it needs besides the id, and what it leaves behind.
HANDLING = [
    ("chervonohrad_feedback_update_status", {"status": "in_progress"}),
    ("chervonohrad_feedback_answer", {"answer": "Оновимо до п'ятниці."}),
    ("chervonohrad_feedback_publish", {"published": True}),
    ("chervonohrad_feedback_delete", {}),
]
IDS = ["status", "answer", "publish", "delete"]


def auth(user):
    return {"Authorization": user["token"]}


class World:
    """A publisher with a dataset in each of two hromadas, feedback on both, their
    officers, a regional administrator and a plain user."""

    def __init__(self):
        self.sysadmin = factories.SysadminWithToken()
        self.coordinator = factories.UserWithToken(name="oblast-coordinator")  # test.ini names this user
        self.officer_a = factories.UserWithToken(email="officer@sheptytskyi.example")
        self.officer_b = factories.UserWithToken(email="officer@sokal.example")
        name_officer(self.officer_a, SHEPTYTSKA)
        name_officer(self.officer_b, SOKALSKA)
        self.plain = factories.UserWithToken()
        self.org_a = publisher_in(SHEPTYTSKA, "kultura-a", title="Відділ культури")
        self.org_b = publisher_in(SOKALSKA, "osvita-b", title="Відділ освіти", edrpou=edrpou("4410668"))
        self.dataset_a = PassportDataset(name="muzei-a", title="Музеї громади", owner_org=self.org_a["id"])
        self.dataset_b = PassportDataset(name="shkoly-b", title="Школи громади", owner_org=self.org_b["id"])
        self.item_a = act("chervonohrad_feedback_create", None, **feedback_data(self.dataset_a))
        self.item_b = act("chervonohrad_feedback_create", None, **feedback_data(
            self.dataset_b, email="olena@example.com"))


@pytest.fixture(scope="module")
def _world(restore_point):
    return restore_point(World)


@pytest.fixture
def world(_world, smtp_inbox):
    return _world.restore()


def ids_listed(user, **filters) -> set[str]:
    return {i["id"] for i in act("chervonohrad_feedback_list", user, **filters)["results"]}


class TestOfficerApi:
    def test_officer_reads_their_hromadas_feedback_in_full(self, world):
        shown = act("chervonohrad_feedback_show", world.officer_a, id=world.item_a["id"])
        assert shown["email"] == "ivan.petrenko@example.com" and "events" in shown

    def test_other_hromadas_private_feedback_is_closed(self, world):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_show", world.officer_a, id=world.item_b["id"])

    @pytest.mark.parametrize("action, extra", HANDLING, ids=IDS)
    def test_officer_handles_their_hromadas_feedback(self, world, action, extra):
        act(action, world.officer_a, id=world.item_a["id"], **extra)

    @pytest.mark.parametrize("action, extra", HANDLING, ids=IDS)
    def test_officer_may_not_handle_another_hromadas_feedback(self, world, action, extra):
        with pytest.raises(tk.NotAuthorized):
            act(action, world.officer_a, id=world.item_b["id"], **extra)
        assert act("chervonohrad_feedback_show", world.officer_b, id=world.item_b["id"])["status"] == "new"

    @pytest.mark.parametrize("action, extra", HANDLING, ids=IDS)
    def test_plain_user_and_visitor_may_not(self, world, action, extra):
        for user in (world.plain, None):
            with pytest.raises(tk.NotAuthorized):
                act(action, user, id=world.item_a["id"], **extra)

    @pytest.mark.parametrize("action, extra", HANDLING, ids=IDS)
    def test_regional_admin_still_may_everywhere(self, world, action, extra):
        for item in (world.item_a, world.item_b):
            act(action, world.coordinator, id=item["id"], **extra)

    def test_officers_list_holds_their_hromadas_feedback_only(self, world):
        assert ids_listed(world.officer_a) == {world.item_a["id"]}
        assert ids_listed(world.officer_b) == {world.item_b["id"]}
        assert ids_listed(world.coordinator) == {world.item_a["id"], world.item_b["id"]}

    def test_list_narrows_to_a_hromada(self, world):
        assert ids_listed(world.coordinator, hromada=SOKALSKA) == {world.item_b["id"]}
        assert ids_listed(world.officer_a, hromada=SOKALSKA) == set()

    def test_published_feedback_of_another_hromada_shows_without_personal_data(self, world):
        act("chervonohrad_feedback_publish", world.officer_b, id=world.item_b["id"], published=True)
        public = act("chervonohrad_feedback_show", world.officer_a, id=world.item_b["id"])
        assert "email" not in public and "events" not in public

    def test_withdrawing_the_role_takes_the_rights_away(self, world):
        withdraw_officer(world.officer_a, SHEPTYTSKA)
        assert ids_listed(world.officer_a) == set()
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_show", world.officer_a, id=world.item_a["id"])
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_answer", world.officer_a, id=world.item_a["id"], answer="Так")


class TestSuggestionsStayWithRegionalAdmins:
    """Suggestions are addressed to the oblast portal, not to a publisher: no hromada owns
    one, so council officers vote like anyone and decide nothing."""

    @pytest.fixture
    def suggestion(self, world):
        return act("chervonohrad_feedback_suggestion_create", None, title="Графік вивезення сміття",
                   description="Графік по вулицях", reason="Щоб знати, коли виносити", consent=True)

    def test_officer_may_not_decide_or_delete(self, world, suggestion):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_suggestion_update_status", world.officer_a, id=suggestion["id"],
                status="planned")
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_suggestion_delete", world.officer_a, id=suggestion["id"])

    def test_regional_admin_decides(self, world, suggestion):
        decided = act("chervonohrad_feedback_suggestion_update_status", world.coordinator, id=suggestion["id"],
                      status="planned")
        assert decided["status"] == "planned"


class TestOfficerPages:
    def test_inbox_shows_their_hromadas_feedback(self, app, world):
        page = BeautifulSoup(app.get("/feedback/inbox", headers=auth(world.officer_a)).body, "html.parser")
        assert [row["data-id"] for row in page.select("#feedback-inbox tbody tr")] == [world.item_a["id"]]
        assert page.select_one("#feedback-hromada")["data-hromada"] == SHEPTYTSKA

    def test_regional_admins_inbox_shows_all_and_narrows(self, app, world):
        rows = BeautifulSoup(app.get("/feedback/inbox", headers=auth(world.coordinator)).body,
                             "html.parser").select("#feedback-inbox tbody tr")
        assert {row["data-id"] for row in rows} == {world.item_a["id"], world.item_b["id"]}
        rows = BeautifulSoup(app.get(f"/feedback/inbox?hromada={SOKALSKA}", headers=auth(world.coordinator)).body,
                             "html.parser").select("#feedback-inbox tbody tr")
        assert [row["data-id"] for row in rows] == [world.item_b["id"]]

    def test_officer_cannot_switch_the_inbox_to_another_hromada(self, app, world):
        page = BeautifulSoup(app.get(f"/feedback/inbox?hromada={SOKALSKA}", headers=auth(world.officer_a)).body,
                             "html.parser")
        assert [row["data-id"] for row in page.select("#feedback-inbox tbody tr")] == [world.item_a["id"]]

    def test_officer_of_two_hromadas_switches_between_them(self, app, world):
        name_officer(world.officer_a, SOKALSKA)
        body = app.get(f"/feedback/inbox?hromada={SOKALSKA}", headers=auth(world.officer_a)).body
        page = BeautifulSoup(body, "html.parser")
        assert [row["data-id"] for row in page.select("#feedback-inbox tbody tr")] == [world.item_b["id"]]
        assert len(page.select("#feedback-hromadas a")) == 1

    def test_plain_user_and_visitor_get_403_inbox(self, app, world):
        app.get("/feedback/inbox", headers=auth(world.plain), status=403)
        app.get("/feedback/inbox", status=403)

    def test_publisher_inbox_of_their_hromada_only(self, app, world):
        app.get("/organization/kultura-a/feedback", headers=auth(world.officer_a))
        app.get("/organization/kultura-a/feedback.csv", headers=auth(world.officer_a))
        app.get("/organization/osvita-b/feedback", headers=auth(world.officer_a), status=403)
        app.get("/organization/osvita-b/feedback.csv", headers=auth(world.officer_a), status=403)

    def test_item_page_offers_handling_and_deleting(self, app, world):
        page = BeautifulSoup(app.get(f"/feedback/{world.item_a['id']}", headers=auth(world.officer_a)).body,
                             "html.parser")
        assert page.select_one("#feedback-delete-form") is not None
        app.get(f"/feedback/{world.item_b['id']}", headers=auth(world.officer_a), status=403)

    def test_officer_answers_and_deletes_through_the_pages(self, app, world):
        app.post(f"/feedback/{world.item_a['id']}/answer", headers=auth(world.officer_a),
                 data={"answer": "Оновлено."})
        assert act("chervonohrad_feedback_show", world.officer_a, id=world.item_a["id"])["status"] == "answered"
        app.post(f"/feedback/{world.item_a['id']}/delete", headers=auth(world.officer_a))
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_feedback_show", world.coordinator, id=world.item_a["id"])

    def test_other_hromadas_decisions_are_403_pages(self, app, world):
        for decision, data in (("answer", {"answer": "Ні"}), ("status", {"status": "in_progress"}), ("delete", {})):
            app.post(f"/feedback/{world.item_b['id']}/{decision}", headers=auth(world.officer_a), data=data,
                     status=403)

    def test_publishers_own_editor_still_cannot_delete(self, app, world):
        editor = factories.UserWithToken()
        tk.get_action("organization_member_create")({"ignore_auth": True}, {
            "id": world.org_a["id"], "username": editor["name"], "role": "editor"})
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_delete", editor, id=world.item_a["id"])
