"""A portal as it stands before adoption: stock organizations and datasets written the way
stock CKAN stored them (tests/legacy.py), next to a publisher made under the passport."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy import text

from ckan import model
from ckan.tests import factories

from ckanext.chervonohrad import cli
from tests import legacy
from tests.factories import Publisher

COUNCIL = "UA46120130000026331"  # Sheptytska, the council of test.ini
LVIV = "UA46060250000025047"
FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")'

# What CKAN stores of a portal's content (the score and activity tables too: a dry run writes none).
TABLES = {"package": "id", "package_extra": "id", "resource": "id", "group": "id", "group_extra": "id",
          "member": "id", "package_tag": "id", "activity": "id", "chervonohrad_dataset_score": "package_id"}


def dump(tables=TABLES) -> dict[str, dict[str, dict[str, Any]]]:
    """The rows of `tables` that this CKAN version has (CKAN 2.12 keeps the extras in a column
    of package and group, where a change of one shows as a change of the row)."""
    model.Session.remove()
    present = set(sa.inspect(model.Session.connection()).get_table_names())
    return {table: {str(row[key]): dict(row) for row in model.Session.execute(
        text(f'SELECT * FROM "{table}"')).mappings()} for table, key in tables.items() if table in present}


def run_adopt(app, *args: str):
    """`ckan chervonohrad adopt ARGS` in this test's configuration (a request context, as
    the ckan command gives it)."""
    with app.flask_app.test_request_context():
        return CliRunner().invoke(cli.chervonohrad, ["adopt", *args], catch_exceptions=False)


def ops_csv(tmp_path, rows: list[dict[str, str]]) -> str:
    path = tmp_path / "ops.csv"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["organization", "edrpou", "hromada", "publisher_type"])
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return str(path)


@dataclass
class Stock:
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)


STRUCTURE = {"url": "https://data.example/s.csv", "name": "Структура", "format": "CSV", "resource_role": "structure"}


@pytest.fixture(scope="module")
def _stock(restore_point):
    return restore_point(_make_stock)


@pytest.fixture
def stock(_stock):
    return _stock.restore()


def _make_stock():
    """osvita: a stock organization with a public, a private, a draft and a deleted dataset
    (stock frequency codes, a closed licence, a spaced email, a formula for a title) and a
    harvest source; zhkh: another stock organization; finance: a publisher under the passport
    in the council's hromada, with a complete dataset."""
    factories.Sysadmin(name="adoption-admin")
    tk_site_user()
    s = Stock()
    s.orgs["osvita"] = legacy.organization("osvita")
    s.orgs["zhkh"] = legacy.organization("zhkh")
    s.orgs["finance"] = Publisher(name="finance", hromada=COUNCIL)
    osvita = s.orgs["osvita"]["id"]
    s.datasets["public"] = legacy.dataset(
        osvita, name="schools", title=FORMULA_TITLE, notes="Перелік шкіл", update_frequency="annually",
        license_id="other-closed", maintainer="Іваненко", maintainer_email=" osvita@example.com ",
        language="Українська", tags=("освіта",),
        resources=({"url": "https://data.example/schools.csv", "name": "Школи", "format": "csv"},))
    s.datasets["private"] = legacy.dataset(osvita, name="teachers", private=True, update_frequency="monthly",
                                           license_id="cc-by")
    s.datasets["draft"] = legacy.dataset(osvita, name="canteens", state="draft", update_frequency="weekly")
    s.datasets["deleted"] = legacy.dataset(osvita, name="closed-schools", state="deleted",
                                           update_frequency="annually")
    harvest = legacy.dataset(osvita, name="harvest-source", update_frequency="annually")
    package = model.Package.get(harvest["id"])
    package.type = "harvest"
    model.Session.commit()
    s.datasets["harvest"] = harvest
    s.datasets["finance"] = legacy.dataset(
        s.orgs["finance"]["id"], name="budget", title="Бюджет", notes="Бюджет громади", update_frequency="once a year",
        license_id="cc-by", maintainer="Савчук", maintainer_email="finance@example.com", language="uk",
        purpose_of_collecting_information="Бюджетний кодекс", territory=COUNCIL, tags=("бюджет",),
        resources=({"url": "https://data.example/b.csv", "name": "Дані", "format": "CSV", "resource_role": "data"},
                   STRUCTURE))
    return s


def tk_site_user() -> dict:
    import ckan.plugins.toolkit as tk

    return tk.get_action("get_site_user")({"ignore_auth": True}, {})
