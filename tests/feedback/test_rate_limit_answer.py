"""The action API's answer over a rate limit: a 429 with Retry-After whose body is the one
any refusal (409) has, the error naming `rate_limit`; a 409 that is not a rate limit stays one."""
from __future__ import annotations

import flask
import pytest

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import ratelimit
from tests.feedback.conftest import feedback_data

URL = "/api/3/action/chervonohrad_feedback_create"


@pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_email", 1)
def test_the_api_answer_is_a_refusals_body_with_429(app, people):
    refused = app.post(URL, json=feedback_data(people.dataset, message="\x00\x01"), status=409)  # another refusal
    app.post(URL, json=feedback_data(people.dataset))
    assert set(refused.json) == {"help", "success", "error"}
    over = app.post(URL, json=feedback_data(people.dataset), status=429)
    assert set(over.json) == set(refused.json)
    assert over.json["success"] is False
    assert over.json["help"] == refused.json["help"]
    error = over.json["error"]
    assert set(error) == {"rate_limit", "__type"}
    assert error["__type"] == "Validation Error"
    assert isinstance(error["rate_limit"], list) and len(error["rate_limit"]) == 1
    assert 0 < int(over.headers["Retry-After"]) <= 3600


def test_another_refusal_after_a_rate_limit_in_the_same_request_stays_a_409(app):
    with app.flask_app.test_request_context("/api/3/action/chervonohrad_feedback_create", method="POST"):
        ratelimit.RateLimited("over", 60)  # met on the way, caught
        response = flask.jsonify({"success": False, "error": {"message": ["bad"], "__type": "Validation Error"}})
        response.status_code = 409
        assert ratelimit.api_answer(response).status_code == 409
        assert "Retry-After" not in response.headers
        response = flask.jsonify({"success": False, "error": {"rate_limit": ["over"], "__type": "Validation Error"}})
        response.status_code = 409
        assert ratelimit.api_answer(response).status_code == 429
        assert response.headers["Retry-After"] == "60"


def test_a_refusal_outside_a_request_is_only_an_exception():
    error = ratelimit.RateLimited("over", 60)
    assert isinstance(error, tk.ValidationError)
    assert error.error_dict == {ratelimit.ERROR_KEY: ["over"]} and error.retry_after == 60
