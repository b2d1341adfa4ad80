"""A publisher with an administrator and datasets whose last change the tests set (the clock
the reminders read is the date they are run for, so no test sleeps or waits for a day)."""
from __future__ import annotations

import datetime as dt

import pytest

from ckan import model
from ckan.tests import factories

from ckanext.chervonohrad.common import extras
from tests.factories import PassportDataset, Publisher

CHANGED = dt.date(2026, 11, 2)
MAINTAINER = "roads@sheptytskyi.example"
ADMIN = "roads-admin@sheptytskyi.example"


def changed_on(package_id: str, day: dt.date, frequency: str | None = None) -> None:
    """Set a dataset's last change (and a stored frequency as old content spells it) behind the
    validators' back, as the years before this extension left them."""
    package = model.Package.get(package_id)
    package.metadata_modified = dt.datetime.combine(day, dt.time(10, 0))
    if frequency is not None:
        extras.set_value(package, "update_frequency", frequency)
    model.Session.commit()


class World:
    def __init__(self):
        self.admin = factories.UserWithToken(name="roads-admin", email=ADMIN)
        self.org = Publisher(name="roads", title="Управління доріг",
                             users=[{"name": self.admin["name"], "capacity": "admin"}])
        common = {"owner_org": self.org["id"], "maintainer": "Петренко Олег", "maintainer_email": MAINTAINER}
        self.weekly = PassportDataset(name="remonty-dorih", title="Ремонти доріг", update_frequency="once a week",
                                      **common)
        self.monthly = PassportDataset(name="yamy", title="Ями на дорогах", update_frequency="once a month", **common)
        self.legacy = PassportDataset(name="mosty", title="Мости", update_frequency="once a month", **common)
        self.no_period = PassportDataset(name="arkhiv", title="Архів", update_frequency="no longer updated", **common)
        changed_on(self.weekly["id"], CHANGED)
        changed_on(self.monthly["id"], CHANGED)
        changed_on(self.legacy["id"], CHANGED, frequency="Щомісяця")  # a label, as older records hold it
        changed_on(self.no_period["id"], CHANGED - dt.timedelta(days=900))


@pytest.fixture(scope="module")
def _world(restore_point):
    return restore_point(World)


@pytest.fixture
def world(_world):
    return _world.restore()
