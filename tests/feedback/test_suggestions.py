"""Dataset suggestions: anyone suggests, logged-in users vote once, administrators decide;
the list ranks by votes."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.feedback.model import Suggestion, SuggestionVote
from tests.feedback.conftest import act

pytestmark = pytest.mark.usefixtures("english")


def suggestion_data(**overrides) -> dict:
    data = {"title": "Розклад руху громадського транспорту", "description": "Розклад усіх маршрутів у GTFS.",
            "reason": "Щоб планувати поїздки й будувати застосунки.", "list835_item": "lsg-public-transport-stops",
            "name": "Олег", "email": "oleh@example.com", "consent": True}
    data.update(overrides)
    return data


@pytest.fixture
def suggestion(people):
    return act("chervonohrad_feedback_suggestion_create", None, **suggestion_data())


def test_anyone_suggests_and_administrators_are_emailed(people, suggestion, smtp_inbox):
    assert suggestion["status"] == "open" and suggestion["votes"] == 0
    mail = smtp_inbox.to("admin@oblast.example")
    assert len(mail) == 1 and "Розклад руху громадського транспорту" in mail[0]["Subject"]
    assert f"/suggestions/{suggestion['id']}" in smtp_inbox.body(mail[0])
    assert len(smtp_inbox.to("coordinator@oblast.example")) == 1
    public = act("chervonohrad_feedback_suggestion_show", people.citizen, id=suggestion["id"])
    assert "email" not in public and "name" not in public


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Missing value"), ("description", "я" * 4001, "at most 4000"),
    ("reason", None, "Missing value"), ("list835_item", "lsg-nothing", "is not an item of Resolution 835"),
    ("email", "nope", "is not a valid email address"), ("consent", False, "Consent"),
    ("title", "x\x00y", "not text"),
], ids=["title", "description", "reason", "list835", "email", "consent", "binary"])
def test_bad_suggestions(people, field, value, message):
    data = suggestion_data(**{field: value})
    if value is None:
        del data[field]
    with pytest.raises(tk.ValidationError) as raised:
        act("chervonohrad_feedback_suggestion_create", None, **data)
    assert message in " ".join(raised.value.error_dict[field])
    assert model.Session.query(Suggestion).count() == 0


def test_vote_once_and_unvote(people, suggestion):
    assert act("chervonohrad_feedback_suggestion_vote", people.citizen, id=suggestion["id"])["votes"] == 1
    again = act("chervonohrad_feedback_suggestion_vote", people.citizen, id=suggestion["id"])
    assert again["votes"] == 1 and again["voted"] is True
    assert act("chervonohrad_feedback_suggestion_vote", people.editor, id=suggestion["id"])["votes"] == 2
    assert act("chervonohrad_feedback_suggestion_unvote", people.citizen, id=suggestion["id"])["votes"] == 1
    with pytest.raises(tk.NotAuthorized):
        act("chervonohrad_feedback_suggestion_vote", None, id=suggestion["id"])


def test_the_database_refuses_a_second_vote(people, suggestion):
    user = model.User.get("citizen")
    model.Session.add(SuggestionVote(suggestion_id=suggestion["id"], user_id=user.id))
    model.Session.commit()
    model.Session.add(SuggestionVote(suggestion_id=suggestion["id"], user_id=user.id))
    with pytest.raises(IntegrityError):
        model.Session.commit()
    model.Session.rollback()
    assert model.Session.query(SuggestionVote).count() == 1


def test_ranked_by_votes(people):
    create = "chervonohrad_feedback_suggestion_create"
    few = act(create, None, **suggestion_data(title="Мало", email="a@example.com"))
    many = act(create, None, **suggestion_data(title="Багато", email="b@example.com"))
    none = act(create, None, **suggestion_data(title="Жодного", email="c@example.com"))
    for user in (people.citizen, people.editor):
        act("chervonohrad_feedback_suggestion_vote", user, id=many["id"])
    act("chervonohrad_feedback_suggestion_vote", people.citizen, id=few["id"])
    ranked = act("chervonohrad_feedback_suggestion_list", None)["results"]
    assert [(s["title"], s["votes"]) for s in ranked] == [("Багато", 2), ("Мало", 1), ("Жодного", 0)]
    assert [s["id"] for s in act("chervonohrad_feedback_suggestion_list", None, sort="newest")["results"]] == [
        none["id"], many["id"], few["id"]]


class TestDecisions:
    def test_planned_then_published_with_the_dataset(self, people, suggestion, smtp_inbox):
        planned = act("chervonohrad_feedback_suggestion_update_status", people.coordinator, id=suggestion["id"],
                      status="planned")
        assert planned["status"] == "planned"
        published = act("chervonohrad_feedback_suggestion_update_status", people.sysadmin, id=suggestion["id"],
                        status="published", package_id="biudzhet-2026")
        assert published["dataset_name"] == "biudzhet-2026"
        mail = smtp_inbox.to("oleh@example.com")
        assert len(mail) == 2
        assert "/dataset/biudzhet-2026" in smtp_inbox.body(mail[-1])
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_feedback_suggestion_vote", people.citizen, id=suggestion["id"])

    def test_published_needs_a_dataset_and_declined_a_reason(self, people, suggestion):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_suggestion_update_status", people.coordinator, id=suggestion["id"],
                status="published", package_id="no-such-dataset")
        assert "package_id" in raised.value.error_dict
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_suggestion_update_status", people.coordinator, id=suggestion["id"],
                status="declined")
        assert "reason" in raised.value.error_dict
        declined = act("chervonohrad_feedback_suggestion_update_status", people.coordinator, id=suggestion["id"],
                       status="declined", reason="Ці дані веде перевізник, не рада.")
        assert declined["decision_reason"] == "Ці дані веде перевізник, не рада."

    @pytest.mark.parametrize("who", [None, "citizen", "editor", "org_admin"])
    def test_only_administrators_decide_and_delete(self, people, suggestion, who):
        user = getattr(people, who) if who else None
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_suggestion_update_status", user, id=suggestion["id"], status="planned")
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_suggestion_delete", user, id=suggestion["id"])

    def test_delete_takes_the_votes(self, people, suggestion):
        act("chervonohrad_feedback_suggestion_vote", people.citizen, id=suggestion["id"])
        act("chervonohrad_feedback_suggestion_delete", people.coordinator, id=suggestion["id"])
        assert model.Session.query(SuggestionVote).count() == 0
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_feedback_suggestion_show", None, id=suggestion["id"])
