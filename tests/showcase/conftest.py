"""A portal for the use cases room: two hromadas, a publisher in each with an admin and an
editor, a public and a private dataset, a council officer, a regional administrator and two
citizens."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests.factories import PassportDataset
from tests.hromada.officers import SHEPTYTSKA, SOKALSKA, act, edrpou, officer_of, publisher_in


class World:
    def __init__(self):
        self.sysadmin = factories.Sysadmin()
        self.coordinator = factories.UserWithToken(name="oblast-coordinator")  # test.ini: a regional administrator
        self.officer = officer_of(SHEPTYTSKA)
        self.other_officer = officer_of(SOKALSKA)
        self.transport_admin = factories.UserWithToken()
        self.transport_editor = factories.UserWithToken()
        self.other_admin = factories.UserWithToken()
        self.citizen = factories.UserWithToken(fullname="Остап Лемик")
        self.neighbour = factories.UserWithToken()
        self.transport = publisher_in(SHEPTYTSKA, "transport", title="Шептицькавтотранс", users=[
            {"name": self.transport_admin["name"], "capacity": "admin"},
            {"name": self.transport_editor["name"], "capacity": "editor"}])
        self.other = publisher_in(SOKALSKA, "sokal-osvita", title="Відділ освіти Сокаля", edrpou=edrpou("4410668"),
                                  users=[{"name": self.other_admin["name"], "capacity": "admin"}])
        self.stops = PassportDataset(name="zupynky", title="Зупинки громадського транспорту",
                                     owner_org=self.transport["id"])
        self.routes = PassportDataset(name="marshruty", title="Маршрути", owner_org=self.transport["id"])
        self.hidden = PassportDataset(name="nepublichnyi", title="Службовий набір", owner_org=self.transport["id"],
                                      private=True)
        self.schools = PassportDataset(name="shkoly", title="Школи", owner_org=self.other["id"])


def proposal(**extra) -> dict:
    return dict({"type": "showcase", "name": "bot-rozklad", "title": "Чат-бот «Де мій автобус?»",
                 "notes": "Відповідає, коли наступний автобус.", "showcase_kind": "chat_bot",
                 "author": "ІТ-кластер", "url": "https://bot.example.ua", "hromada": SHEPTYTSKA,
                 "showcase_datasets": "zupynky\nhttps://portal.example/dataset/marshruty"}, **extra)


def propose(world, user=None, **extra) -> dict:
    return act("package_create", user or world.citizen, **proposal(**extra))


@pytest.fixture(scope="module")
def _world(restore_point):
    return restore_point(World)


@pytest.fixture
def world(_world):
    return _world.restore()
