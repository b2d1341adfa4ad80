"""The person who sent feedback sees its answers and its status changes, never the staff's
internal comments nor who on the staff did what; the staff still see all of it. The same
for a suggestion's decider. Action API and the item's page, against the real database."""
from __future__ import annotations

import json

import pytest

from tests.feedback.conftest import People, act, feedback_data


@pytest.fixture(scope="module")
def _people(restore_point):
    return restore_point(People)


@pytest.fixture
def people(_people, smtp_inbox):
    """The feedback room's people and datasets (tests/feedback/conftest.py), with an SMTP server."""
    return _people.restore()

INTERNAL = "Внутрішня примітка: уточнити в бухгалтерії"
ANSWER = "Дані за жовтень оприлюднено."


@pytest.fixture
def handled(people):
    data = feedback_data(people.dataset)
    del data["email"]
    item = act("chervonohrad_feedback_create", people.citizen, **data)
    act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="in_progress", comment=INTERNAL)
    act("chervonohrad_feedback_answer", people.org_admin, id=item["id"], answer=ANSWER)
    act("chervonohrad_feedback_publish", people.org_admin, id=item["id"])
    return item


def staff_names(people) -> list[str]:
    return [people.editor["name"], people.org_admin["name"], people.editor["id"], people.org_admin["id"],
            "Савчук Ірина"]


class TestTheSender:
    def test_sees_answers_and_status_changes_only(self, people, handled):
        shown = act("chervonohrad_feedback_show", people.citizen, id=handled["id"])
        assert shown["events"] == [
            {"kind": "status", "from_status": "new", "to_status": "in_progress", "text": None,
             "created": shown["events"][0]["created"]},
            {"kind": "answer", "from_status": "in_progress", "to_status": "answered", "text": ANSWER,
             "created": shown["events"][1]["created"]},
        ]  # not the "publish" step, not who did either
        text = json.dumps(shown, ensure_ascii=False)
        assert INTERNAL not in text
        assert not [name for name in staff_names(people) if name in text]
        # Their own details they keep.
        assert shown["user"] == "citizen" and shown["status"] == "answered"

    def test_their_list_is_reduced_the_same_way(self, people, handled):
        found = act("chervonohrad_feedback_list", people.citizen)["results"]
        assert [i["id"] for i in found] == [handled["id"]]
        text = json.dumps(found, ensure_ascii=False)
        assert INTERNAL not in text and not [name for name in staff_names(people) if name in text]
        assert [e["kind"] for e in found[0]["events"]] == ["status", "answer"]

    def test_their_page_shows_no_staff_name_nor_internal_comment(self, app, people, handled):
        page = app.get(f"/feedback/{handled['id']}", headers={"Authorization": people.citizen["token"]}).body
        assert ANSWER in page
        assert INTERNAL not in page
        assert people.editor["name"] not in page and people.org_admin["name"] not in page
        assert "feedback-answer-form" not in page

    def test_what_a_sender_sees_of_an_old_item_with_a_deleted_staff_account(self, people, handled):
        # History written before staff accounts were purged has no actor: nothing breaks.
        from ckan import model

        from ckanext.chervonohrad.feedback.model import FeedbackEvent

        model.Session.query(FeedbackEvent).update({FeedbackEvent.actor_id: None})
        model.Session.commit()
        shown = act("chervonohrad_feedback_show", people.citizen, id=handled["id"])
        assert [e["kind"] for e in shown["events"]] == ["status", "answer"]


class TestTheStaff:
    def test_see_everything(self, people, handled):
        shown = act("chervonohrad_feedback_show", people.org_admin, id=handled["id"])
        assert [(e["kind"], e["actor"], e["text"]) for e in shown["events"]] == [
            ("status", people.editor["name"], INTERNAL), ("answer", people.org_admin["name"], ANSWER),
            ("publish", people.org_admin["name"], None)]

    def test_their_page_shows_who_and_the_comment(self, app, people, handled):
        page = app.get(f"/feedback/{handled['id']}", headers={"Authorization": people.editor["token"]}).body
        assert INTERNAL in page and people.editor["name"] in page


class TestOthers:
    def test_the_public_see_no_history(self, people, handled):
        public = act("chervonohrad_feedback_show", people.other_editor, id=handled["id"])
        assert "events" not in public and "user" not in public and "email" not in public


class TestSuggestions:
    def test_the_suggester_does_not_learn_who_decided(self, people):
        suggestion = act("chervonohrad_feedback_suggestion_create", people.citizen, title="Розклад автобусів",
                         description="Маршрути і час", reason="Плануємо поїздки", consent=True)
        act("chervonohrad_feedback_suggestion_update_status", people.coordinator, id=suggestion["id"], status="planned")
        mine = act("chervonohrad_feedback_suggestion_show", people.citizen, id=suggestion["id"])
        assert mine["status"] == "planned" and mine["user"] == "citizen"
        assert "decided_by" not in mine and "decided_by_name" not in mine
        text = json.dumps(mine, ensure_ascii=False)
        assert people.coordinator["name"] not in text and people.coordinator["id"] not in text
        staff = act("chervonohrad_feedback_suggestion_show", people.coordinator, id=suggestion["id"])
        assert staff["decided_by_name"] == people.coordinator["name"]
