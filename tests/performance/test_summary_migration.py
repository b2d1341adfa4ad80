"""Migration b5e1f0c8d243 fills the publishers' stored figures with SQL of its own (no code
of the extension that may change after it): the rows it writes are those
performance.summary's refresh writes."""
from __future__ import annotations

import importlib.util
import os

import pytest
from sqlalchemy import text

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

import ckanext.chervonohrad
from ckanext.chervonohrad.performance import summary
from tests.factories import PassportDataset, Publisher

MIGRATION = os.path.join(os.path.dirname(ckanext.chervonohrad.__file__), "migration", "chervonohrad", "versions",
                         "b5e1f0c8d243_publisher_summary.py")
ROWS = text(f"SELECT owner_org, {', '.join(summary.COLUMNS)} FROM chervonohrad_publisher_summary ORDER BY owner_org")


def _migration():
    spec = importlib.util.spec_from_file_location("b5e1f0c8d243_publisher_summary", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows() -> list[tuple]:
    # The sum of floats may depend on the order Postgres adds them in.
    return [(*row[:3], round(row[3], 6), *row[4:]) for row in model.Session.execute(ROWS)]


def _portal() -> None:
    """Publishers with every kind of dataset the figures tell apart."""
    user = {"user": factories.Sysadmin()["name"]}
    finance, transport, _empty = Publisher(), Publisher(), Publisher()
    PassportDataset(owner_org=finance["id"], list835_item="lsg-budget")
    PassportDataset(owner_org=finance["id"], list835_item="lsg-budget")  # one item, twice
    PassportDataset(owner_org=finance["id"], list835_item="lsg-public-transport-stops", private=True)
    PassportDataset(owner_org=finance["id"], update_frequency="once a month", list835_item="none")
    stops = PassportDataset(owner_org=transport["id"], list835_item="lsg-public-transport-stops")
    gone = PassportDataset(owner_org=transport["id"], list835_item="lsg-budget")
    call_action("package_delete", user, id=gone["id"])
    draft = PassportDataset(owner_org=transport["id"], list835_item="lsg-budget")
    model.Session.execute(text("UPDATE package SET state = 'draft' WHERE id = :id"), {"id": draft["id"]})
    # A score of a dataset with no link checks or stored score at all.
    model.Session.execute(text("DELETE FROM chervonohrad_dataset_score WHERE package_id = :id"), {"id": stops["id"]})
    model.Session.execute(text("UPDATE chervonohrad_dataset_score SET on_time = false, meets = false "
                               "WHERE package_id IN (SELECT id FROM package WHERE private)"))
    model.Session.commit()


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestBackfill:
    def test_the_migration_fills_the_rows_the_summary_refresh_fills(self):
        _portal()
        summary.refresh()
        model.Session.commit()
        refreshed = _rows()
        assert len(refreshed) >= 3 and any(row[1] for row in refreshed)

        model.Session.execute(text("DELETE FROM chervonohrad_publisher_summary"))
        _migration().backfill(model.Session.connection())
        model.Session.commit()
        assert _rows() == refreshed
        assert summary.drift() == []

    def test_the_migration_imports_nothing_of_the_extension(self):
        with open(MIGRATION, encoding="utf-8") as f:
            source = f.read()
        assert "ckanext" not in source
