"""Feedback through the action API: sending (good and bad input, limits, CAPTCHA), every
transition, answers and their emails as a real SMTP server receives them, publishing,
deleting, and what each caller may see."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common.jobs import QUEUES, URGENT
from ckanext.chervonohrad.common.ratelimit import RateLimited
from ckanext.chervonohrad.feedback.model import Feedback, FeedbackEvent
from tests.feedback.conftest import act, feedback_data

pytestmark = pytest.mark.usefixtures("english")


def stored() -> int:
    return model.Session.query(Feedback).count()


class TestCreate:
    def test_anonymous_feedback_is_stored_new_and_private(self, people, item):
        assert item["status"] == "new"
        assert item["published"] is False
        assert item["first_response_at"] is None
        assert item["user_id"] is None
        assert item["message"] == "Дані за жовтень досі не оновлено.\nПеревірте, будь ласка."
        assert stored() == 1
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_show", None, id=item["id"])

    def test_maintainer_and_organization_admins_are_emailed(self, people, item, smtp_inbox):
        assert sorted(r for m in smtp_inbox.messages for r in m.recipients) == [
            "finance-admin@sheptytskyi.example", "finance@sheptytskyi.example"]
        message = smtp_inbox.to("finance@sheptytskyi.example")[0]
        assert message["Subject"] == "Новий відгук на набір даних «Бюджет громади 2026» / New feedback on a dataset"
        body = smtp_inbox.body(message)
        assert "Категорія: застарілі дані" in body and "Category: outdated data" in body
        assert "Дані за жовтень досі не оновлено." in body
        assert f"/feedback/{item['id']}" in body

    def test_logged_in_sender_needs_no_email_and_sees_their_item(self, people):
        data = feedback_data(people.dataset)
        del data["email"], data["name"]
        created = act("chervonohrad_feedback_create", people.citizen, **data)
        assert created["user"] == "citizen"
        shown = act("chervonohrad_feedback_show", people.citizen, id=created["id"])
        assert shown["events"] == []

    def test_on_a_resource(self, people):
        resource = people.dataset["resources"][0]
        created = act("chervonohrad_feedback_create", None, **feedback_data(
            people.dataset, category="broken_link", resource_id=resource["id"]))
        assert created["resource_id"] == resource["id"]
        assert created["resource_name"] == resource["name"]

    def test_script_tags_are_stored_as_typed(self, people):
        text = '<script>alert("x")</script> <a href="http://evil.example">тут</a> 5 < 6'
        created = act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, message=text))
        assert model.Session.get(Feedback, created["id"]).message == text

    def test_unknown_dataset_is_not_found(self, people):
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, package_id="nemaie-takoho"))
        assert stored() == 0

    def test_private_dataset_takes_no_feedback_from_strangers(self, people):
        call_action("package_patch", context={"user": people.sysadmin["name"]}, id=people.dataset["id"], private=True)
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_create", None, **feedback_data(people.dataset))
        assert stored() == 0


BAD_INPUT = [
    ("category", None, "Missing value"),
    ("category", "complaint", "Value must be one of"),
    ("message", None, "Missing value"),
    ("message", "   \n  ", "Missing value"),
    ("message", "я" * 5001, "Must be at most 5000 characters long (now 5001)"),
    ("message", "дані\x00\x01\x02\x7f", "not text"),
    ("message", "\ufffd\ufffd\ufffdPK\x03\x04", "not text"),
    ("name", "<b>Іван</b>", "Must not contain the characters < and >"),
    ("name", "І" * 201, "Must be at most 200 characters long"),
    ("email", "ivan-at-example", "is not a valid email address"),
    ("email", None, "Give your email"),
    ("consent", False, "Consent to the processing of personal data is required"),
    ("consent", None, "Consent to the processing of personal data is required"),
    ("resource_id", "no-such-resource", "This resource is not part of the dataset"),
]


@pytest.mark.parametrize("field, value, message", BAD_INPUT, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUT)])
def test_bad_input_names_the_field_and_stores_nothing(people, smtp_inbox, field, value, message):
    data = feedback_data(people.dataset, **{field: value})
    if value is None:
        del data[field]
    with pytest.raises(tk.ValidationError) as raised:
        act("chervonohrad_feedback_create", None, **data)
    assert message in " ".join(raised.value.error_dict[field])
    assert stored() == 0
    assert smtp_inbox.messages == []


class TestLimits:
    @pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_email", 2)
    def test_per_email(self, people):
        for _ in range(2):
            act("chervonohrad_feedback_create", None, **feedback_data(people.dataset))
        with pytest.raises(RateLimited) as raised:
            act("chervonohrad_feedback_create", None,
                **feedback_data(people.dataset, email="IVAN.petrenko@example.com"))
        assert "Too many messages" in raised.value.error_dict["rate_limit"][0]
        assert raised.value.retry_after > 3000
        assert stored() == 2
        act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, email="other@example.com"))
        assert stored() == 3

    @pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_ip", 3)
    def test_per_ip(self, people):
        context = {"user": None, "ignore_auth": False, "remote_addr": "203.0.113.7"}
        for i in range(3):
            call_action("chervonohrad_feedback_create", context=dict(context),
                        **feedback_data(people.dataset, email=f"s{i}@example.com"))
        with pytest.raises(RateLimited):
            call_action("chervonohrad_feedback_create", context=dict(context),
                        **feedback_data(people.dataset, email="s9@example.com"))
        call_action("chervonohrad_feedback_create", context=dict(context, remote_addr="203.0.113.8"),
                    **feedback_data(people.dataset, email="s9@example.com"))
        assert stored() == 4

    @pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_email", 1)
    def test_regional_administrators_are_not_limited(self, people):
        for _ in range(3):
            act("chervonohrad_feedback_create", people.coordinator, **feedback_data(people.dataset))
        assert stored() == 3


class TestCaptcha:
    @pytest.fixture
    def provider(self, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.chervonohrad.captcha_provider", "turnstile")
        monkeypatch.setitem(ckan_config, "ckanext.chervonohrad.captcha_secret_key", "secret")
        asked = []

        class Reply:
            def __init__(self, ok):
                self.ok = ok

            def json(self):
                return {"success": self.ok}

        def post(url, data, timeout):
            asked.append((url, data))
            return Reply(data["response"] == "solved")

        monkeypatch.setattr("ckanext.chervonohrad.feedback.captcha.requests.post", post)
        return asked

    def test_anonymous_needs_a_solved_captcha(self, people, provider):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, captcha_response="wrong"))
        assert "not a robot" in raised.value.error_dict["captcha"][0]
        act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, captcha_response="solved"))
        assert stored() == 1
        assert provider[-1][0] == "https://challenges.cloudflare.com/turnstile/v0/siteverify"
        assert provider[-1][1]["secret"] == "secret"

    def test_logged_in_users_are_not_asked(self, people, provider):
        act("chervonohrad_feedback_create", people.citizen, **feedback_data(people.dataset))
        assert provider == [] and stored() == 1


def test_feedback_is_kept_when_smtp_is_down_and_the_email_is_retried(clean_db, clean_redis, request):
    from tests.feedback.conftest import People

    people = People()  # no SMTP server is listening yet
    ckan_jobs.get_queue(URGENT).empty()
    created = act("chervonohrad_feedback_create", None, **feedback_data(people.dataset))
    assert model.Session.get(Feedback, created["id"]) is not None
    assert sorted(j.meta["title"] for j in ckan_jobs.get_queue(URGENT).jobs) == [
        "email feedback_new to finance-admin@sheptytskyi.example", "email feedback_new to finance@sheptytskyi.example"]

    inbox = request.getfixturevalue("smtp_inbox")
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    done = subprocess.run([ckan, "-c", request.config.getoption("--ckan-ini"), "jobs", "worker", "--burst",
                           *QUEUES], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert sorted(r for m in inbox.messages for r in m.recipients) == [
        "finance-admin@sheptytskyi.example", "finance@sheptytskyi.example"]
    assert ckan_jobs.get_queue(URGENT).jobs == []


class TestTransitions:
    def test_in_progress_then_resolved_stamps_the_first_response_once(self, people, item):
        moved = act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="in_progress")
        assert moved["status"] == "in_progress" and moved["first_response_at"] is None
        resolved = act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="resolved",
                       comment="Оновили дані")
        assert resolved["first_response_at"] is not None
        reopened = act("chervonohrad_feedback_update_status", people.org_admin, id=item["id"], status="in_progress")
        assert reopened["first_response_at"] == resolved["first_response_at"]
        assert [(e["kind"], e["from_status"], e["to_status"], e["actor"]) for e in reopened["events"]] == [
            ("status", "new", "in_progress", "finance-editor"), ("status", "in_progress", "resolved", "finance-editor"),
            ("status", "resolved", "in_progress", "finance-admin")]
        assert reopened["events"][1]["text"] == "Оновили дані"

    @pytest.mark.parametrize("reason", ["spam", "abuse", "duplicate"])
    def test_reject_with_a_reason(self, people, item, reason):
        act("chervonohrad_feedback_publish", people.editor, id=item["id"])
        rejected = act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="rejected",
                       reject_reason=reason)
        assert rejected["status"] == "rejected" and rejected["reject_reason"] == reason
        assert rejected["published"] is False
        assert rejected["first_response_at"] is not None

    def test_reject_needs_a_reason(self, people, item):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="rejected")
        assert "spam, abuse or duplicate" in raised.value.error_dict["reject_reason"][0]
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="rejected",
                reject_reason="boring")
        assert model.Session.get(Feedback, item["id"]).status == "new"

    @pytest.mark.parametrize("path", [("answered",), ("resolved", "rejected"), ("rejected", "resolved"),
                                      ("rejected", "in_progress")])
    def test_transitions_that_do_not_exist_are_refused(self, people, item, path):
        *before, last = path
        for status in before:
            act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status=status,
                reject_reason="spam")
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status=last)
        assert "cannot become" in raised.value.error_dict["status"][0]
        assert model.Session.query(FeedbackEvent).count() == len(before)

    def test_rejected_can_go_back_to_new(self, people, item):
        act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="rejected",
            reject_reason="duplicate")
        back = act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="new")
        assert back["status"] == "new" and back["reject_reason"] is None

    def test_unknown_item(self, people):
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_feedback_update_status", people.editor, id="nope", status="resolved")


class TestAnswer:
    def test_answer_is_emailed_to_the_sender_and_stamps_the_first_response(self, people, item, smtp_inbox):
        answered = act("chervonohrad_feedback_answer", people.editor, id=item["id"],
                       answer="Дякуємо! Дані за жовтень оприлюднено.")
        assert answered["status"] == "answered"
        assert answered["first_response_at"] is not None
        assert answered["answers"][0]["text"] == "Дякуємо! Дані за жовтень оприлюднено."
        mail = smtp_inbox.to("ivan.petrenko@example.com")
        assert len(mail) == 1
        assert mail[0]["Subject"].startswith("Відповідь на ваш відгук щодо «Бюджет громади 2026»")
        body = smtp_inbox.body(mail[0])
        assert "Дякуємо! Дані за жовтень оприлюднено." in body and "/dataset/biudzhet-2026" in body

    def test_every_answer_is_emailed_and_the_first_response_stays(self, people, item, smtp_inbox):
        first = act("chervonohrad_feedback_answer", people.editor, id=item["id"], answer="Перевіряємо.")
        second = act("chervonohrad_feedback_answer", people.org_admin, id=item["id"], answer="Виправлено.")
        assert second["first_response_at"] == first["first_response_at"]
        assert [a["text"] for a in second["answers"]] == ["Перевіряємо.", "Виправлено."]
        assert len(smtp_inbox.to("ivan.petrenko@example.com")) == 2

    def test_a_logged_in_sender_is_answered_at_their_account_address(self, people, smtp_inbox):
        data = feedback_data(people.dataset)
        del data["email"]
        created = act("chervonohrad_feedback_create", people.citizen, **data)
        act("chervonohrad_feedback_answer", people.editor, id=created["id"], answer="Дякуємо.")
        assert len(smtp_inbox.to("citizen@example.com")) == 1

    def test_answer_and_publish_at_once(self, people, item):
        answered = act("chervonohrad_feedback_answer", people.editor, id=item["id"], answer="Виправлено.",
                       publish=True)
        assert answered["published"] is True
        public = act("chervonohrad_feedback_list", None, package_id="biudzhet-2026")["results"]
        assert [(p["id"], p["answers"][0]["text"]) for p in public] == [(item["id"], "Виправлено.")]
        assert "email" not in public[0] and "name" not in public[0] and "events" not in public[0]

    @pytest.mark.parametrize("answer, message", [("", "Missing value"), ("я" * 5001, "at most 5000")],
                             ids=["empty", "oversize"])
    def test_bad_answers(self, people, item, answer, message, smtp_inbox):
        before = len(smtp_inbox.messages)
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_answer", people.editor, id=item["id"], answer=answer)
        assert message in raised.value.error_dict["answer"][0]
        assert model.Session.get(Feedback, item["id"]).status == "new"
        assert len(smtp_inbox.messages) == before

    def test_rejected_feedback_is_not_answered(self, people, item):
        act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="rejected",
            reject_reason="spam")
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_feedback_answer", people.editor, id=item["id"], answer="?")


class TestPublishAndDelete:
    def test_publish_and_hide(self, people, item):
        assert act("chervonohrad_feedback_publish", people.editor, id=item["id"])["published"] is True
        assert act("chervonohrad_feedback_show", None, id=item["id"])["message"] == item["message"]
        hidden = act("chervonohrad_feedback_publish", people.editor, id=item["id"], published=False)
        assert [e["kind"] for e in hidden["events"]] == ["publish", "unpublish"]
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_feedback_show", None, id=item["id"])

    def test_rejected_feedback_is_not_published(self, people, item):
        act("chervonohrad_feedback_update_status", people.editor, id=item["id"], status="rejected",
            reject_reason="abuse")
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_publish", people.editor, id=item["id"])
        assert "cannot be published" in raised.value.error_dict["published"][0]

    def test_delete_removes_the_item_and_its_history(self, people, item):
        act("chervonohrad_feedback_answer", people.editor, id=item["id"], answer="Так.")
        assert act("chervonohrad_feedback_delete", people.coordinator, id=item["id"]) == {
            "id": item["id"], "deleted": True}
        assert stored() == 0 and model.Session.query(FeedbackEvent).count() == 0
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_feedback_show", people.sysadmin, id=item["id"])


# Who may handle an item of the finance publisher: (person, may handle, may delete, may see it unpublished)
WHO = [
    (None, False, False, False),
    ("citizen", False, False, False),
    ("sender", False, False, True),
    ("member", False, False, False),
    ("other_editor", False, False, False),
    ("editor", True, False, True),
    ("org_admin", True, False, True),
    ("coordinator", True, True, True),
    ("sysadmin", True, True, True),
]


@pytest.mark.parametrize("who, handles, deletes, sees", WHO, ids=[str(w[0]) for w in WHO])
def test_permissions(people, who, handles, deletes, sees):
    if who == "sender":
        user = people.citizen
        data = feedback_data(people.dataset)
        del data["email"]
        item = act("chervonohrad_feedback_create", user, **data)
    else:
        user = getattr(people, who) if who else None
        item = act("chervonohrad_feedback_create", None, **feedback_data(people.dataset))
    calls = [
        ("chervonohrad_feedback_update_status", {"status": "in_progress"}, handles),
        ("chervonohrad_feedback_answer", {"answer": "Дякуємо"}, handles),
        ("chervonohrad_feedback_publish", {"published": True}, handles),
        ("chervonohrad_feedback_delete", {}, deletes),
    ]
    for action, data, allowed in calls:
        if allowed:
            act(action, user, id=item["id"], **data)
        else:
            with pytest.raises(tk.NotAuthorized):
                act(action, user, id=item["id"], **data)
    if not deletes:
        call_action("chervonohrad_feedback_publish", id=item["id"], published=False)
        if sees:
            assert act("chervonohrad_feedback_show", user, id=item["id"])["email"] is not None or who == "sender"
        else:
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_feedback_show", user, id=item["id"])


class TestList:
    @pytest.fixture
    def items(self, people):
        own = act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, category="data_error"))
        other = act("chervonohrad_feedback_create", None, **feedback_data(
            people.other_dataset, email="x@example.com", category="broken_link"))
        published = act("chervonohrad_feedback_create", None, **feedback_data(
            people.other_dataset, email="y@example.com"))
        act("chervonohrad_feedback_publish", people.other_editor, id=published["id"])
        return own, other, published

    def test_publishers_see_their_organizations_feedback_in_full(self, people, items):
        own, other, published = items
        found = act("chervonohrad_feedback_list", people.editor)
        assert {(r["id"], r["full"]) for r in found["results"]} == {(own["id"], True), (published["id"], False)}
        scoped = act("chervonohrad_feedback_list", people.editor, organization_id="finance")
        assert [r["id"] for r in scoped["results"]] == [own["id"]]
        assert scoped["results"][0]["email"] == "ivan.petrenko@example.com"

    def test_anonymous_sees_published_only_without_personal_data(self, people, items):
        found = act("chervonohrad_feedback_list", None)
        assert [r["id"] for r in found["results"]] == [items[2]["id"]]
        assert "email" not in found["results"][0]

    def test_administrators_see_everything_and_filter(self, people, items):
        assert act("chervonohrad_feedback_list", people.coordinator)["count"] == 3
        assert act("chervonohrad_feedback_list", people.sysadmin, category="broken_link")["count"] == 1
        assert act("chervonohrad_feedback_list", people.sysadmin, status="open")["count"] == 3
        assert act("chervonohrad_feedback_list", people.sysadmin, package_id="zupynky")["count"] == 2
        assert act("chervonohrad_feedback_list", people.sysadmin, published=True)["count"] == 1

    def test_bad_filters(self, people, items):
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_feedback_list", people.sysadmin, status="lost")
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_feedback_list", people.sysadmin, organization_id="nope")
