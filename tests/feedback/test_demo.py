"""The demo's feedback and suggestions load through the actions (on this suite's own
publishers: the demo's datasets are not needed to check the loader) and only once."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.chervonohrad.demo import loader
from ckanext.chervonohrad.feedback.responsiveness import median_first_response_hours
from tests.feedback.conftest import act

pytestmark = pytest.mark.usefixtures("english")


def test_demo_feedback_and_suggestions(people):
    demo = loader.read_demo()
    feedback = [dict(e, dataset="biudzhet-2026", steps=[dict(s, by="finance-editor") for s in e.get("steps", [])])
                for e in demo["feedback"]]
    suggestions = [dict(e, votes=["citizen", "finance-editor"][:len(e["votes"])],
                        decision=dict(e["decision"], dataset="biudzhet-2026") if e.get("decision") else None)
                   for e in demo["suggestions"]]
    now = dt.datetime.utcnow()
    assert loader.ensure_feedback(feedback, suggestions, now) == (len(feedback), len(suggestions))
    assert loader.ensure_feedback(feedback, suggestions, now) == (0, 0)
    items = act("chervonohrad_feedback_list", people.coordinator)["results"]
    assert sorted(i["status"] for i in items) == ["answered", "in_progress", "new", "rejected", "resolved"]
    assert sum(i["published"] for i in items) == 2
    assert people.org["id"] in median_first_response_hours(None)
    ranked = act("chervonohrad_feedback_suggestion_list", None)["results"]
    assert ranked[0]["votes"] == 2
    assert sorted(s["status"] for s in ranked) == ["declined", "open", "planned", "published"]
