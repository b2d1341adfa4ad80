"""People and data of the news room's tests: a publisher in each of two hromadas (A:
Sheptytska, B: Sokalska) with its admin and editor, each hromada's council officer, a
regional administrator (test.ini names oblast-coordinator), a sysadmin, a plain user, and
datasets of A: two public ones, a private one and a deleted one."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.browser import PASSWORD
from tests.factories import PassportDataset
from tests.hromada.officers import SHEPTYTSKA, SOKALSKA, act, edrpou, name_officer, publisher_in

__all__ = ["SHEPTYTSKA", "SOKALSKA", "act", "news_data"]


def news_data(**overrides) -> dict:
    data = {
        "title": "Нові дані про бюджет громади",
        "body": "Опублікували **бюджет** громади на 2026 рік.\n\nДані оновлюються щомісяця.",
        "hromada": SHEPTYTSKA,
        "datasets": ["biudzhet-2026"],
    }
    data.update(overrides)
    return data


class World:
    def __init__(self):
        self.sysadmin = factories.SysadminWithToken(name="portal-admin")
        self.coordinator = factories.UserWithToken(name="oblast-coordinator", password=PASSWORD)
        self.officer_a = factories.UserWithToken(name="officer-a", password=PASSWORD)
        self.officer_b = factories.UserWithToken(name="officer-b")
        name_officer(self.officer_a, SHEPTYTSKA)
        name_officer(self.officer_b, SOKALSKA)
        self.admin_a = factories.UserWithToken(name="admin-a")
        self.editor_a = factories.UserWithToken(name="editor-a")
        self.admin_b = factories.UserWithToken(name="admin-b")
        self.plain = factories.UserWithToken(name="citizen")
        self.org_a = publisher_in(SHEPTYTSKA, "finance", title="Фінансове управління", users=[
            {"name": "admin-a", "capacity": "admin"}, {"name": "editor-a", "capacity": "editor"}])
        self.org_b = publisher_in(SOKALSKA, "osvita-b", title="Відділ освіти", edrpou=edrpou("4410668"), users=[
            {"name": "admin-b", "capacity": "admin"}])
        self.dataset = PassportDataset(name="biudzhet-2026", title="Бюджет громади 2026", owner_org=self.org_a["id"])
        self.second = PassportDataset(name="zupynky", title="Зупинки транспорту", owner_org=self.org_a["id"])
        self.private = PassportDataset(name="taiemni-dani", title="Таємна назва приватного набору",
                                       owner_org=self.org_a["id"], private=True)
        self.deleted = PassportDataset(name="vydaleni-dani", title="Назва видаленого набору",
                                       owner_org=self.org_a["id"])
        call_action("package_delete", context={"user": "portal-admin", "ignore_auth": True}, id=self.deleted["id"])


@pytest.fixture(scope="module")
def _world(restore_point):
    return restore_point(World)


@pytest.fixture
def world(_world):
    return _world.restore()


@pytest.fixture
def post(world):
    """A news item of hromada A by its council officer, about the budget dataset."""
    return act("chervonohrad_news_create", world.officer_a, **news_data())


@pytest.fixture
def english(app):
    """Direct action calls in English (this room's strings reach the catalogue when merged)."""
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "en"}):
        yield
