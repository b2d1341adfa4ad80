"""People and data of the feedback room's tests: a publisher with its admin and editor
and a dataset whose maintainer gets the feedback, another publisher's editor, a sysadmin
and a regional administrator (test.ini names oblast-coordinator)."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.factories import PassportDataset, Publisher


def act(action: str, user: dict | None, **data):
    return call_action(action, context={"user": user["name"] if user else None, "ignore_auth": False}, **data)


def feedback_data(dataset: dict, **overrides) -> dict:
    data = {
        "package_id": dataset["name"],
        "category": "outdated",
        "message": "Дані за жовтень досі не оновлено.\nПеревірте, будь ласка.",
        "name": "Іван Петренко",
        "email": "ivan.petrenko@example.com",
        "consent": True,
    }
    data.update(overrides)
    return data


class People:
    def __init__(self):
        self.org_admin = factories.UserWithToken(name="finance-admin", email="finance-admin@sheptytskyi.example",
                                                 fullname="Савчук Ірина")
        self.editor = factories.UserWithToken(name="finance-editor", email="finance-editor@sheptytskyi.example")
        self.member = factories.UserWithToken(name="finance-member", email="finance-member@sheptytskyi.example")
        self.other_editor = factories.UserWithToken(name="transport-editor",
                                                    email="transport-editor@sheptytskyi.example")
        self.sysadmin = factories.SysadminWithToken(name="portal-admin", email="admin@oblast.example")
        self.coordinator = factories.UserWithToken(name="oblast-coordinator", email="coordinator@oblast.example")
        self.citizen = factories.UserWithToken(name="citizen", email="citizen@example.com", fullname="Олена Мельник")
        self.org = Publisher(name="finance", title="Фінансове управління", users=[
            {"name": self.org_admin["name"], "capacity": "admin"},
            {"name": self.editor["name"], "capacity": "editor"},
            {"name": self.member["name"], "capacity": "member"}])
        self.other_org = Publisher(name="transport", title="Відділ транспорту", edrpou="44106679", users=[
            {"name": self.other_editor["name"], "capacity": "editor"}])
        self.dataset = PassportDataset(name="biudzhet-2026", title="Бюджет громади 2026", owner_org=self.org["id"],
                                       maintainer="Савчук Ірина Богданівна",
                                       maintainer_email="finance@sheptytskyi.example")
        self.other_dataset = PassportDataset(name="zupynky", title="Зупинки транспорту",
                                             owner_org=self.other_org["id"], maintainer_email="transport@example.com")


@pytest.fixture
def english(app):
    """Direct action calls in English. This room's messages reach the Ukrainian catalogue
    only when it is next merged, so the tests read the English msgids (core ones too)."""
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "en"}):
        yield


@pytest.fixture(scope="module")
def _people(restore_point):
    return restore_point(People)


@pytest.fixture
def people(_people, smtp_inbox):
    return _people.restore()


@pytest.fixture
def item(people):
    """A new feedback item from an anonymous visitor on the finance dataset."""
    return act("chervonohrad_feedback_create", None, **feedback_data(people.dataset))
