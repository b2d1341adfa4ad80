"""common.extras: an organization's or a dataset's extra field read in SQL and through the ORM,
on the real database: the stored value, the same both ways, and NULL when there is none."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text

import ckan
from ckan import model

from ckanext.chervonohrad.common import extras
from tests.factories import PassportDataset, Publisher


def test_the_layout_follows_the_ckan_version():
    major, minor = (int(part) for part in ckan.__version__.split(".")[:2])
    assert extras.IN_COLUMNS is ((major, minor) >= (2, 12))


@pytest.mark.parametrize("alias, key", [("g; DROP TABLE package", "edrpou"), ("g", "edrpou' OR '1'='1"), ("", "x")])
def test_only_plain_names_make_sql(alias, key):
    with pytest.raises(ValueError, match="not a plain SQL name"):
        extras.org_value(alias, key)
    with pytest.raises(ValueError, match="not a plain SQL name"):
        extras.package_value(alias, key)


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestValues:
    def test_sql_and_orm_read_the_same_value(self):
        finance = Publisher(name="finance", edrpou="02317422")
        Publisher(name="water", edrpou="26162800")
        dataset = PassportDataset(owner_org=finance["id"], update_frequency="once a month")
        rows = dict(model.Session.execute(text(
            f'SELECT g.name, {extras.org_value("g", "edrpou")} FROM "group" g WHERE g.is_organization')).all())
        assert rows == {"finance": "02317422", "water": "26162800"}
        orm = dict(model.Session.execute(select(model.Group.name, extras.org_column("edrpou"))
                                         .where(model.Group.is_organization.is_(True))).all())
        assert orm == rows
        frequency = model.Session.execute(text(
            f"SELECT {extras.package_value('p', 'update_frequency')} FROM package p WHERE p.id = :id"),
            {"id": dataset["id"]}).scalar()
        assert frequency == "once a month"

    def test_a_missing_key_is_null(self):
        Publisher(name="finance")
        value = model.Session.execute(text(
            f'SELECT {extras.org_value("g", "no_such_field")} FROM "group" g WHERE g.name = \'finance\'')).scalar()
        assert value is None
        assert model.Session.execute(select(extras.org_column("no_such_field"))
                                     .where(model.Group.name == "finance")).scalar() is None
