"""The feedback, suggestion and registration forms say what personal data are kept and for
how long — with the configured months, in Ukrainian and in English."""
from __future__ import annotations

import re

import pytest

from ckan.tests import factories

from tests.factories import PassportDataset, Publisher

MONTHS = pytest.mark.ckan_config("ckanext.chervonohrad.personal_data_retention_months", "7")


@pytest.fixture
def dataset(clean_db):
    org = Publisher(name="finance")
    return PassportDataset(name="biudzhet-2026", owner_org=org["id"])


@pytest.fixture
def applicant(clean_db):
    return factories.UserWithToken()


def notice(body: str, kind: str) -> str:
    found = re.search(rf'<p [^>]*id="privacy-notice-{kind}"[^>]*>(.*?)</p>', body, re.S)
    assert found, f"no privacy notice of {kind} on the page"
    return " ".join(found.group(1).split())


@MONTHS
def test_feedback_form(app, dataset):
    uk = notice(app.get("/dataset/biudzhet-2026/feedback").body, "feedback")
    assert "Через 7 міс. після того, як на відгук відповіли" in uk and "знеособлюються" in uk
    en = notice(app.get("/en/dataset/biudzhet-2026/feedback").body, "feedback")
    assert "7 months after it is answered, resolved or rejected they are anonymised" in en


@MONTHS
def test_suggestion_form(app, clean_db):
    assert "Через 7 міс. після того, як пропозицію виконано або відхилено" in notice(
        app.get("/suggestions/new").body, "suggestion")
    assert "7 months after the suggestion is published or declined" in notice(
        app.get("/en/suggestions/new").body, "suggestion")


@MONTHS
def test_registration_form(app, applicant):
    headers = {"Authorization": applicant["token"]}
    uk = notice(app.get("/publisher/register", headers=headers).body, "application")
    assert "Через 7 міс. після рішення щодо заявки" in uk and "документ відхиленої чи відкликаної заявки" in uk
    en = notice(app.get("/en/publisher/register", headers=headers).body, "application")
    assert "7 months after the application is decided they are anonymised and the document is deleted" in en


def test_the_default_is_twelve_months(app, dataset):
    assert "Через 12 міс." in notice(app.get("/dataset/biudzhet-2026/feedback").body, "feedback")
