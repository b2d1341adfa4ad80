"""A form sent twice (a double click, a reload of the POST, a retry after a timeout) makes one
feedback item or one suggestion: the form's one-time `submission_token` finds the first
one, through a unique constraint in PostgreSQL, so two requests at the same moment cannot
both store. One email, one count against the rate limits. API callers without a token
still work; a token that comes back with other content is no resubmission."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.feedback.model import Feedback, Suggestion
from tests.feedback.conftest import People, act, feedback_data
from tests.feedback.test_views import FORM, soup


@pytest.fixture(scope="module")
def _people(restore_point):
    return restore_point(People)


@pytest.fixture
def people(_people, smtp_inbox):
    """The feedback room's people and datasets (tests/feedback/conftest.py), with an SMTP server."""
    return _people.restore()

TOKEN = "0f8a6c2e4b1d4e7f9a3c5b7d9e1f2a4c"
SUGGESTION = {"title": "Розклад автобусів", "description": "Маршрути і час відправлення",
              "reason": "Щоб планувати поїздки", "email": "pasazhyr@example.com", "consent": "on"}


def feedback_count() -> int:
    return model.Session.query(Feedback).count()


def form_and_token(client, url):
    page = soup(client.get(url))
    form = page.select_one("form#feedback-form") or page.select_one("form#suggestion-form")
    return (form.select_one("input[name=_csrf_token]")["value"],
            form.select_one("input[name=submission_token]")["value"])


class TestFeedbackForm:
    url = "/dataset/biudzhet-2026/feedback"

    def test_every_form_carries_a_fresh_token(self, app, people):
        client = app.test_client()
        first, second = form_and_token(client, self.url)[1], form_and_token(client, self.url)[1]
        assert first != second and len(first) == 32
        inline = soup(app.get("/dataset/biudzhet-2026")).select_one("#dataset-feedback input[name=submission_token]")
        assert inline is not None and inline["value"]

    def test_sending_the_same_form_twice_makes_one_item_and_one_email(self, app, people, smtp_inbox):
        client = app.test_client()
        csrf, token = form_and_token(client, self.url)
        for _ in range(2):
            response = client.post(self.url, data=dict(FORM, _csrf_token=csrf, submission_token=token),
                                   follow_redirects=False)
            assert response.status_code == 302
            assert response.headers["Location"].endswith("/dataset/biudzhet-2026/feedback/sent")
        assert feedback_count() == 1
        assert model.Session.query(Feedback).one().submission_token == token
        assert len(smtp_inbox.to("finance@sheptytskyi.example")) == 1

    def test_a_refused_form_keeps_its_token_for_the_corrected_send(self, app, people):
        client = app.test_client()
        csrf, token = form_and_token(client, self.url)
        refused = client.post(self.url, data=dict(FORM, message="", _csrf_token=csrf, submission_token=token))
        assert refused.status_code == 400
        assert soup(refused).select_one("input[name=submission_token]")["value"] == token
        client.post(self.url, data=dict(FORM, _csrf_token=csrf, submission_token=token), follow_redirects=False)
        assert feedback_count() == 1


class TestFeedbackAction:
    def test_second_call_answers_with_the_first_item(self, people):
        first = act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, submission_token=TOKEN))
        again = act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, submission_token=TOKEN))
        assert again["id"] == first["id"] and feedback_count() == 1

    @pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_email", 1)
    def test_the_second_submit_does_not_count_against_the_limits(self, people):
        for _ in range(3):
            act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, submission_token=TOKEN))
        assert feedback_count() == 1

    def test_api_callers_without_a_token_still_work(self, app, people):
        for _ in range(2):
            assert app.post("/api/3/action/chervonohrad_feedback_create",
                            json=feedback_data(people.dataset)).json["success"] is True
        assert feedback_count() == 2
        assert {f.submission_token for f in model.Session.query(Feedback)} == {None}

    def test_a_token_with_other_content_is_a_new_item(self, people):
        first = act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, submission_token=TOKEN))
        other = act("chervonohrad_feedback_create", None, **feedback_data(
            people.dataset, submission_token=TOKEN, message="Зовсім інше повідомлення", email="insha@example.com"))
        assert other["id"] != first["id"] and feedback_count() == 2
        # ...and never shows the first sender's details to whoever sent the other content.
        assert other["email"] == "insha@example.com"

    @pytest.mark.parametrize("token", ["short", "з кирилицею-0123456789", "x" * 65, "a b c d e f g h i j"])
    def test_a_malformed_token_is_refused(self, people, token):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, submission_token=token))
        assert "submission_token" in raised.value.error_dict
        assert feedback_count() == 0

    def test_two_requests_at_once_store_one_item(self, people):
        # Two sessions insert the same token; PostgreSQL's unique constraint lets one through.
        barrier = threading.Barrier(2)
        results, errors = [], []

        def send():
            try:
                barrier.wait()
                results.append(act("chervonohrad_feedback_create", None,
                                   **feedback_data(people.dataset, submission_token=TOKEN))["id"])
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                model.Session.remove()

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert len(results) == 2 and results[0] == results[1]
        assert feedback_count() == 1

    def test_the_database_refuses_a_second_row_with_the_token(self, people):
        act("chervonohrad_feedback_create", None, **feedback_data(people.dataset, submission_token=TOKEN))
        model.Session.add(Feedback(package_id=people.dataset["id"], category="other", message="x",
                                   submission_token=TOKEN))
        with pytest.raises(IntegrityError):
            model.Session.commit()
        model.Session.rollback()


class TestSuggestions:
    url = "/suggestions/new"

    def test_sending_the_same_form_twice_makes_one_suggestion(self, app, people):
        client = app.test_client()
        csrf, token = form_and_token(client, self.url)
        locations = []
        for _ in range(2):
            response = client.post(self.url, data=dict(SUGGESTION, _csrf_token=csrf, submission_token=token),
                                   follow_redirects=False)
            assert response.status_code == 302
            locations.append(response.headers["Location"])
        assert model.Session.query(Suggestion).count() == 1
        suggestion = model.Session.query(Suggestion).one()
        assert locations == [f"/suggestions/{suggestion.id}"] * 2 or all(
            loc.endswith(f"/suggestions/{suggestion.id}") for loc in locations)

    def test_api_callers_without_a_token_still_work(self, people):
        for _ in range(2):
            act("chervonohrad_feedback_suggestion_create", None, title="Розклад", description="Опис", reason="Потрібно",
                consent=True)
        assert model.Session.query(Suggestion).count() == 2
