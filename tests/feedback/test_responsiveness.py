"""The median time to a first response per organization, in one grouped query."""
from __future__ import annotations

import datetime as dt

import pytest

from ckan import model

from ckanext.chervonohrad.feedback.model import Feedback
from ckanext.chervonohrad.feedback.responsiveness import median_first_response_hours
from tests.feedback.conftest import act, feedback_data

pytestmark = pytest.mark.usefixtures("english")


def make(people, dataset, created_hours_ago, responded_after=None, status="resolved"):
    item = act("chervonohrad_feedback_create", people.coordinator, **feedback_data(dataset))
    row = model.Session.get(Feedback, item["id"])
    now = dt.datetime.utcnow()
    row.created = now - dt.timedelta(hours=created_hours_ago)
    row.first_response_at = row.created + dt.timedelta(hours=responded_after) if responded_after is not None else None
    row.status = status if responded_after is not None else "new"
    model.Session.commit()


def test_median_per_organization(people):
    for after in (2, 4, 30):
        make(people, people.dataset, 100, after)
    make(people, people.dataset, 100, 1, status="rejected")  # spam does not count
    make(people, people.other_dataset, 10)  # waiting for 10 hours so far
    make(people, people.other_dataset, 50, 6)
    result = median_first_response_hours(None)
    assert result[people.org["id"]] == pytest.approx(4.0, abs=0.01)
    assert result[people.other_org["id"]] == pytest.approx(8.0, abs=0.05)
    assert median_first_response_hours([people.org["id"]]) == {people.org["id"]: pytest.approx(4.0, abs=0.01)}
    assert median_first_response_hours([]) == {}


def test_organizations_without_feedback_are_absent(people):
    assert median_first_response_hours([people.org["id"]]) == {}
