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


# ---- feedback, digests and the quarter: two hromadas, their officers, feedback of every state ----
RECEIVED = dt.datetime(2026, 11, 2, 9, 0)  # a Monday, UTC; five working days later is Monday 2026-11-09
LATE_FROM = dt.date(2026, 11, 9)
OFFICER_A = "officer@sheptytskyi.example"
OFFICER_B = "officer@sokal.example"
SOKAL_ADMIN = "admin@sokal.example"
COORDINATOR = "coordinator@oblast.example"


def feedback_on(package_id: str, status: str = "new", created: dt.datetime = RECEIVED, **fields) -> str:
    """An item of feedback as it stands in the table (the form's checks are the feedback room's tests)."""
    from ckanext.chervonohrad.feedback.model import Feedback

    item = Feedback(package_id=package_id, category="data_error", message=fields.pop("message", "Помилка в рядку 3"),
                    name=fields.pop("name", "Іван Мешканець"), email=fields.pop("email", "ivan@citizen.example"),
                    status=status, created=created, **fields)
    model.Session.add(item)
    model.Session.commit()
    return item.id


def without_maintainer_email(package_id: str) -> None:
    """A dataset as years-old records hold it: nobody named to write to."""
    model.Session.get(model.Package, package_id).maintainer_email = None
    model.Session.commit()


class Cycle(World):
    """World's publisher (hromada A) with a second one in hromada B; an officer of each, a
    regional administrator; feedback new, in progress, answered and rejected on A's weekly
    dataset, one new item on B's."""

    def __init__(self):
        from tests.hromada.officers import SHEPTYTSKA, SOKALSKA, name_officer, publisher_in

        super().__init__()
        self.coordinator = factories.UserWithToken(name="oblast-coordinator", email=COORDINATOR)
        self.officer_a = factories.UserWithToken(email=OFFICER_A, fullname="Олена Радник")
        self.officer_b = factories.UserWithToken(email=OFFICER_B)
        name_officer(self.officer_a, SHEPTYTSKA)
        name_officer(self.officer_b, SOKALSKA)
        self.sokal_admin = factories.UserWithToken(email=SOKAL_ADMIN)
        self.sokal = publisher_in(SOKALSKA, "sokal-vodokanal", title="Сокальводоканал",
                                  users=[{"name": self.sokal_admin["name"], "capacity": "admin"}])
        self.water = PassportDataset(name="voda", title="Якість води", owner_org=self.sokal["id"])
        without_maintainer_email(self.water["id"])
        self.new = feedback_on(self.weekly["id"])
        self.in_progress = feedback_on(self.weekly["id"], "in_progress")
        self.answered = feedback_on(self.weekly["id"], "answered", first_response_at=RECEIVED)
        self.rejected = feedback_on(self.weekly["id"], "rejected", reject_reason="spam")
        self.in_sokal = feedback_on(self.water["id"])


@pytest.fixture(scope="module")
def _cycle(restore_point):
    return restore_point(Cycle)


@pytest.fixture
def cycle(_cycle):
    return _cycle.restore()
