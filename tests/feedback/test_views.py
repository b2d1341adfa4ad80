"""The feedback pages over HTTP: the form with CSRF for anonymous visitors, errors, the
honeypot, the rate limit (429 on the page and the API), escaping, the inboxes and their
access, the CSV export, the organization page's count, the resource link, suggestions."""
from __future__ import annotations

import csv
import io

import pytest
import requests
from bs4 import BeautifulSoup

from ckan import model
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.feedback.model import Feedback, Suggestion
from tests.feedback.conftest import feedback_data


def auth(user):
    return {"Authorization": user["token"]}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.body, "html.parser")


def csrf(app, url: str, headers=None) -> str:
    return soup(app.get(url, headers=headers or {})).select_one("input[name=_csrf_token]")["value"]


def post_form(app, url: str, data: dict, status=302, **kw):
    """Post as a visitor would: one client (so one session cookie), the form's CSRF token."""
    client = app.test_client()
    token = csrf(client, url)
    return client.post(url, data=dict(data, _csrf_token=token), status=status, follow_redirects=False, **kw)


FORM = {"category": "data_error", "message": "У рядку 12 помилка.", "email": "visitor@example.com",
        "name": "Відвідувач", "consent": "on"}


class TestForm:
    def test_the_dataset_page_carries_the_form(self, app, people):
        page = soup(app.get("/dataset/biudzhet-2026"))
        form = page.select_one("#dataset-feedback form#feedback-form")
        assert form["action"] == "/dataset/biudzhet-2026/feedback"
        assert {o["value"] for o in form.select("select[name=category] option")} >= {
            "data_error", "outdated", "broken_link", "format", "missing", "suggestion", "other"}
        assert form.select_one("input[name=_csrf_token]") is not None
        assert form.select_one("input[name=homepage]") is not None

    def test_english_page(self, app, people):
        assert "Send feedback" in app.get("/en/dataset/biudzhet-2026/feedback").body

    def test_anonymous_visitor_sends_and_sees_the_confirmation(self, app, people, smtp_inbox):
        response = post_form(app, "/dataset/biudzhet-2026/feedback", FORM)
        assert response.headers["Location"].endswith("/dataset/biudzhet-2026/feedback/sent")
        assert soup(app.get("/dataset/biudzhet-2026/feedback/sent")).select_one("#feedback-sent") is not None
        stored = model.Session.query(Feedback).one()
        assert (stored.category, stored.message, stored.email) == ("data_error", "У рядку 12 помилка.",
                                                                    "visitor@example.com")
        assert len(smtp_inbox.to("finance@sheptytskyi.example")) == 1

    def test_csrf_protection_stays_on(self, live_server, people):
        # CKAN's test client skips CSRF checks; a real HTTP client does not.
        session = requests.Session()
        url = live_server + "/dataset/biudzhet-2026/feedback"
        refused = session.post(url, data=FORM, allow_redirects=False)
        assert refused.status_code == 400
        assert model.Session.query(Feedback).count() == 0
        token = BeautifulSoup(session.get(url).text, "html.parser").select_one("input[name=_csrf_token]")["value"]
        accepted = session.post(url, data=dict(FORM, _csrf_token=token), allow_redirects=False)
        assert accepted.status_code == 302
        assert model.Session.query(Feedback).count() == 1

    def test_bad_input_is_a_400_naming_the_fields(self, app, people):
        response = post_form(app, "/dataset/biudzhet-2026/feedback",
                             {"category": "", "message": "я" * 5001, "email": "nope"}, status=400)
        page = soup(response)
        assert len(page.select(".error-explanation li")) == 4  # category, message, email, consent
        assert page.select_one("#field-feedback-message").get_text() == "я" * 5001  # kept for correcting
        assert model.Session.query(Feedback).count() == 0

    def test_the_honeypot_drops_robots_silently(self, app, people, smtp_inbox):
        response = post_form(app, "/dataset/biudzhet-2026/feedback", dict(FORM, homepage="http://spam.example"))
        assert response.headers["Location"].endswith("/feedback/sent")
        assert model.Session.query(Feedback).count() == 0
        assert smtp_inbox.messages == []

    @pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_ip", 2)
    def test_over_the_rate_limit_is_a_429_with_a_message(self, app, people):
        ip = {"extra_environ": {"REMOTE_ADDR": "203.0.113.5"}}  # CKAN's test client sends none
        for i in range(2):
            post_form(app, "/dataset/biudzhet-2026/feedback", dict(FORM, email=f"v{i}@example.com"), **ip)
        response = post_form(app, "/dataset/biudzhet-2026/feedback", dict(FORM, email="v9@example.com"), status=429,
                             **ip)
        assert soup(response).select_one("#feedback-rate-limit") is not None
        assert model.Session.query(Feedback).count() == 2

    def test_resource_page_links_to_the_form(self, app, people):
        resource = people.dataset["resources"][0]
        page = soup(app.get(f"/dataset/biudzhet-2026/resource/{resource['id']}"))
        link = page.select_one("#resource-feedback")["href"]
        assert link == f"/dataset/biudzhet-2026/feedback?resource_id={resource['id']}"
        form = soup(app.get(link))
        assert form.select_one(f"#field-feedback-resource option[value='{resource['id']}']").has_attr("selected")

    def test_unknown_dataset_is_a_404(self, app, people):
        app.get("/dataset/nemaie/feedback", status=404)


class TestApi:
    def test_anonymous_api_create_and_bad_input(self, app, people):
        ok = app.post("/api/3/action/chervonohrad_feedback_create", json=feedback_data(people.dataset))
        assert ok.json["success"] is True
        bad = app.post("/api/3/action/chervonohrad_feedback_create",
                       json=feedback_data(people.dataset, message="\x00\x01"), status=409)
        assert "message" in bad.json["error"]
        app.post("/api/3/action/chervonohrad_feedback_create",
                 json=feedback_data(people.dataset, package_id="nemaie"), status=404)
        assert model.Session.query(Feedback).count() == 1

    @pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_email", 1)
    def test_api_rate_limit_is_a_429(self, app, people):
        app.post("/api/3/action/chervonohrad_feedback_create", json=feedback_data(people.dataset))
        over = app.post("/api/3/action/chervonohrad_feedback_create", json=feedback_data(people.dataset), status=429)
        assert "rate_limit" in over.json["error"]
        assert int(over.headers["Retry-After"]) > 0

    def test_api_permission_is_a_403(self, app, people):
        item = call_action("chervonohrad_feedback_create", **feedback_data(people.dataset))
        app.post("/api/3/action/chervonohrad_feedback_answer", json={"id": item["id"], "answer": "x"},
                 headers=auth(people.other_editor), status=403)


@pytest.fixture
def item(people):
    return call_action("chervonohrad_feedback_create", **feedback_data(
        people.dataset, message='<script>alert("x")</script> див. http://evil.example'))


class TestInboxAndItem:
    def test_publishers_inbox_with_filters(self, app, people, item):
        page = soup(app.get("/organization/finance/feedback", headers=auth(people.editor)))
        assert [r["data-id"] for r in page.select("#feedback-inbox tbody tr")] == [item["id"]]
        assert page.select_one("#feedback-counts [data-status=new]").get_text().strip().endswith("1")
        empty = soup(app.get("/organization/finance/feedback?status=resolved&category=other",
                             headers=auth(people.editor)))
        assert empty.select_one("#feedback-empty") is not None

    @pytest.mark.parametrize("who, status", [(None, 403), ("other_editor", 403), ("member", 403), ("editor", 200),
                                             ("org_admin", 200), ("coordinator", 200)])
    def test_inbox_access(self, app, people, who, status):
        headers = auth(getattr(people, who)) if who else {}
        app.get("/organization/finance/feedback", headers=headers, status=status)
        app.get("/organization/finance/feedback.csv", headers=headers, status=status)

    def test_global_inbox_is_for_administrators(self, app, people, item):
        app.get("/feedback/inbox", headers=auth(people.editor), status=403)
        page = soup(app.get("/feedback/inbox", headers=auth(people.coordinator)))
        assert item["id"] in [r["data-id"] for r in page.select("#feedback-inbox tbody tr")]

    def test_organization_page_shows_the_open_count(self, app, people, item):
        page = soup(app.get("/organization/finance", headers=auth(people.editor)))
        assert page.select_one("#org-feedback-open").get_text() == "1"
        public = soup(app.get("/organization/finance"))
        assert public.select_one("#org-feedback-tab") is None
        assert public.select_one("#org-feedback-summary [data-open]")["data-open"] == "1"

    def test_csv_export(self, app, people, item):
        response = app.get("/organization/finance/feedback.csv", headers=auth(people.editor))
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"))))
        assert rows[0][:3] == ["id", "created", "dataset"]
        assert rows[1][0] == item["id"] and rows[1][8] == item["message"]

    def test_publisher_answers_and_publishes_from_the_item_page(self, app, people, item, smtp_inbox):
        url = f"/feedback/{item['id']}"
        page = soup(app.get(url, headers=auth(people.editor)))
        message = page.select_one("#feedback-message")
        assert message.get_text() == item["message"] and message.select_one("script") is None
        app.post(url + "/answer", headers=auth(people.editor), data={"answer": "Виправили <b>дані</b>.",
                                                                     "publish": "true"})
        assert len(smtp_inbox.to("ivan.petrenko@example.com")) == 1
        dataset = app.get("/dataset/biudzhet-2026").body
        assert "&lt;script&gt;alert(" in dataset and "<script>alert(" not in dataset
        assert "Виправили &lt;b&gt;дані&lt;/b&gt;." in dataset
        assert 'href="http://evil.example"' not in dataset
        published = soup(app.get("/dataset/biudzhet-2026")).select("#published-feedback li")
        assert [li["data-id"] for li in published] == [item["id"]]

    def test_status_change_from_the_page_and_refusals_flashed(self, app, people, item):
        url = f"/feedback/{item['id']}"
        app.post(url + "/status", headers=auth(people.editor), data={"status": "rejected"})
        assert model.Session.get(Feedback, item["id"]).status == "new"
        app.post(url + "/status", headers=auth(people.editor), data={"status": "rejected", "reject_reason": "spam"})
        assert model.Session.get(Feedback, item["id"]).status == "rejected"
        app.post(url + "/status", headers=auth(people.other_editor), data={"status": "new"}, status=403)

    def test_strangers_do_not_see_an_unpublished_item(self, app, people, item):
        app.get(f"/feedback/{item['id']}", status=403)
        app.get(f"/feedback/{item['id']}", headers=auth(people.other_editor), status=403)


class TestSuggestionPages:
    def test_suggest_vote_and_rank(self, app, people, smtp_inbox):
        response = post_form(app, "/suggestions/new", {
            "title": "Розклад руху", "description": "Розклад маршрутів.", "reason": "Планувати поїздки.",
            "consent": "on"})
        suggestion = model.Session.query(Suggestion).one()
        assert response.headers["Location"].endswith(f"/suggestions/{suggestion.id}")
        headers = auth(people.citizen)
        app.post(f"/suggestions/{suggestion.id}/vote", headers=headers, data={"came_from": "//evil.example"},
                 follow_redirects=False)
        ranking = soup(app.get("/suggestions")).select("#suggestion-ranking li")
        assert [(li["data-id"], li["data-votes"]) for li in ranking] == [(suggestion.id, "1")]
        page = soup(app.get(f"/suggestions/{suggestion.id}", headers=headers))
        assert page.select_one("#suggestion-vote-form")["action"].endswith("/unvote")

    def test_bad_suggestion_is_a_400(self, app, people):
        post_form(app, "/suggestions/new", {"title": "", "description": "", "reason": ""}, status=400)
        assert model.Session.query(Suggestion).count() == 0

    def test_anonymous_vote_goes_to_login(self, app, people):
        created = call_action("chervonohrad_feedback_suggestion_create", title="A", description="B", reason="C",
                              consent=True)
        client = app.test_client()
        token = csrf(client, "/suggestions/new")
        response = client.post(f"/suggestions/{created['id']}/vote", data={"_csrf_token": token},
                            follow_redirects=False, status=302)
        assert "/user/login" in response.headers["Location"]
