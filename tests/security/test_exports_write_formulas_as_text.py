"""Every CSV/XLSX download writes text that a spreadsheet would run as a formula as text
(a leading apostrophe; in XLSX a string-typed cell), and leaves numbers numbers: the
feedback inbox, the audit, the register, the scorecards and the passport."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.feedback.model import Feedback
from ckanext.chervonohrad.performance import rating
from tests.factories import PassportDataset, Publisher

# What a publisher or a citizen may type into a title, a comment or a message.
DANGEROUS = ('=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")
QUARTER = "2025Q3"
# What spreadsheet programs read as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def auth(user):
    return {"Authorization": user["token"]}


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.body.lstrip("\ufeff"), newline="")))


def xlsx_cells(response) -> list:
    book = load_workbook(io.BytesIO(response.get_data()))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def assert_no_formula(cells: list[str]) -> None:
    """No cell starts like a formula, and each dangerous text is there, neutralised."""
    starting = [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)]
    assert starting == []


def assert_neutralised(cells: list[str], *texts: str) -> None:
    assert_no_formula(cells)
    for text_ in texts:
        assert "'" + text_ in cells, text_


def assert_xlsx_neutralised(cells, *texts: str) -> None:
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert_neutralised([c.value for c in cells], *texts)
    for c in cells:
        if isinstance(c.value, str) and c.value.startswith("'"):
            assert c.data_type == "s"


@pytest.fixture
def hostile(clean_db, clean_index):
    """A publisher whose title is a formula, six datasets titled with the dangerous texts,
    feedback whose message and sender are formulas, a snapshot and an assessment."""
    sysadmin = factories.SysadminWithToken()
    editor = factories.UserWithToken()
    org = Publisher(name="hostile", title=DANGEROUS[0], users=[{"name": editor["name"], "capacity": "editor"}])
    items = ("lsg-budget", "lsg-tax-revenues", "lsg-public-transport-stops", "lsg-roll-call-votes", "", "")
    datasets = [PassportDataset(name=f"hostile-{n}", title=title, owner_org=org["id"], list835_item=item)
                for n, (title, item) in enumerate(zip(DANGEROUS, items, strict=True))]
    for dataset, text_ in zip(datasets, DANGEROUS, strict=True):
        model.Session.add(Feedback(package_id=dataset["id"], category="other", message=text_, name="@evil",
                                   email="a@example.com", status="new", created=dt.datetime.utcnow()))
    model.Session.commit()
    rating.take_snapshot(QUARTER)
    model.Session.commit()
    call_action("chervonohrad_performance_assessment_create", context={"user": sysadmin["name"]},
                id="hostile", quarter=QUARTER, points=64, comment="-1 бал: =1+1")
    return {"org": org, "datasets": datasets, "sysadmin": sysadmin, "editor": editor}


def test_the_one_helper_neutralises_text_only():
    assert [tables.cell(v) for v in DANGEROUS] == ["'" + v for v in DANGEROUS]
    assert [tables.cell(v) for v in (-5, -2.5, 0, 75.3, None, "Бюджет", "2025-10-01", "a=1")] == \
        [-5, -2.5, 0, 75.3, None, "Бюджет", "2025-10-01", "a=1"]
    cells = [c for row in load_workbook(io.BytesIO(tables.to_xlsx([("s", ["=h", "n"], [[v, -5] for v in DANGEROUS])]))
                                        ).active.iter_rows() for c in row]
    assert_xlsx_neutralised(cells, "=h", *DANGEROUS)
    numbers = [c for c in cells if c.column == 2 and c.row > 1]
    assert {(c.value, c.data_type) for c in numbers} == {(-5, "n")}
    assert tables.to_csv(["a", "b"], [["=1", -5]]).splitlines()[1] == "'=1,-5"


def test_feedback_csv(app, hostile):
    rows = csv_rows(app.get("/organization/hostile/feedback.csv", headers=auth(hostile["editor"])))
    cells = [c for row in rows for c in row]
    assert_neutralised(cells, *DANGEROUS, "@evil")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_audit_exports(app, hostile, fmt):
    response = app.get(f"/open-data/audit.{fmt}?publisher=hostile", headers=auth(hostile["sysadmin"]))
    if fmt == "csv":
        rows = csv_rows(response)
        assert_neutralised([c for row in rows for c in row], DANGEROUS[0])
        # A row's datasets column starts with a dataset's title: that one is neutralised too.
        assert any(c.startswith("'+1+1 (") for row in rows for c in row)
    else:
        cells = xlsx_cells(response)
        assert_xlsx_neutralised(cells, DANGEROUS[0])
        # The counts stay numbers.
        summary = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
        assert all(c.data_type == "n" for c in summary[2][2:7])


def test_register_csv(app, hostile):
    rows = csv_rows(app.get("/open-data/register.csv?publisher=hostile"))
    assert_neutralised([c for row in rows for c in row], *DANGEROUS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_scorecards(app, hostile, fmt):
    for url in (f"/publishers/rating/scorecard/{QUARTER}.{fmt}",
                f"/publishers/rating/hostile/scorecard/{QUARTER}.{fmt}"):
        response = app.get(url, headers=auth(hostile["sysadmin"]))
        if fmt == "csv":
            assert_neutralised([c for row in csv_rows(response) for c in row], DANGEROUS[0], "-1 бал: =1+1")
        else:
            cells = xlsx_cells(response)
            assert_xlsx_neutralised(cells, DANGEROUS[0], "-1 бал: =1+1")
            assert {c.data_type for c in cells if c.row > 1 and c.column in (3, 4, 12)} == {"n"}


def test_passport_csv(app, hostile):
    for dataset in hostile["datasets"]:
        cells = [c for row in csv_rows(app.get(f"/dataset/{dataset['name']}/passport.csv")) for c in row]
        assert_neutralised(cells, dataset["title"])
        # The publisher's cell: its title, then its codes.
        assert any(c.startswith("'" + DANGEROUS[0] + ", ЄДРПОУ") for c in cells)
