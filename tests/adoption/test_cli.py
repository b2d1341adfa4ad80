"""`ckan chervonohrad adopt` on a portal's stock content: the dry run reports and changes
nothing, --apply stores the mechanical fixes and the operator's table through CKAN's actions,
a second run finds nothing to do."""
from __future__ import annotations

import csv
import glob
import json
import os

import openpyxl
from sqlalchemy import text

from ckan import model
from ckan.lib.search import query_for

from ckanext.chervonohrad.adoption import portal, sheets
from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.quality.model import DatasetScore
from tests import legacy
from tests.adoption.conftest import (
    COUNCIL,
    FORMULA_TITLE,
    LVIV,
    dump,
    ops_csv,
    run_adopt,
    tk_site_user,
)
from tests.factories import free_edrpou

CONTENT = ("package", "package_extra", "resource", "group", "group_extra", "member", "package_tag")


def report_rows(out) -> list[dict[str, str]]:
    """The CSV's rows by column key, statuses and reasons as keys."""
    [path] = glob.glob(os.path.join(out, "*.csv"))
    keys = {labels["uk"]: key for key, labels in sheets.FINDING_COLUMNS}
    statuses = {labels["uk"]: key for key, labels in sheets.STATUS_LABELS.items()}
    reasons = {labels["uk"]: key for key, labels in sheets.REASON_LABELS.items()}
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [{keys[k]: v for k, v in row.items()} for row in csv.DictReader(f)]
    for row in rows:
        row["status"], row["reason"] = statuses[row["status"]], reasons[row["reason"]]
    return rows


def of(rows, dataset="", **match):
    return [r for r in rows if r["dataset"] == dataset and all(r[k] == v for k, v in match.items())]


def content():
    return {table: rows for table, rows in dump().items() if table in CONTENT}


class TestDryRun:
    def test_reports_and_changes_nothing(self, app, stock, tmp_path):
        before = dump()
        result = run_adopt(app, "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
        assert dump() == before  # scores and activities included
        assert "Dry run: nothing changed" in result.output
        assert str(tmp_path / "adoption-report-") in result.output

        rows = report_rows(tmp_path)
        assert [(r["kind"], r["status"]) for r in of(rows, publisher="osvita", field="edrpou")] == [
            ("missing", "person")]
        assert [(r["value"], r["fix"], r["status"]) for r in of(rows, "schools", field="update_frequency")] == [
            ("annually", "once a year", "fixable")]
        assert [(r["fix"], r["status"]) for r in of(rows, "schools", field="language")] == [("uk", "fixable")]
        assert [(r["value"], r["fix"]) for r in of(rows, "schools", field="maintainer_email")] == [
            (" osvita@example.com ", "osvita@example.com")]
        assert [(r["reason"], r["status"]) for r in of(rows, "schools", field="license_id")] == [
            ("closed_licence", "person")]
        assert [r["fix"] for r in of(rows, "schools", field="territory")] == [COUNCIL]
        assert [r["status"] for r in of(rows, "schools", reason="no_structure_resource")] == ["person"]
        assert [r["fix"] for r in of(rows, "schools", field="format")] == ["CSV"]

    def test_private_and_draft_included_deleted_and_harvest_sources_not(self, app, stock, tmp_path):
        run_adopt(app, "--out", str(tmp_path))
        rows = report_rows(tmp_path)
        datasets = {r["dataset"] for r in rows if r["dataset"]}
        assert {"schools", "teachers", "canteens"} <= datasets
        assert not {"closed-schools", "harvest-source"} & datasets
        assert {r["private"] for r in of(rows, "teachers")} == {"так"}
        assert {r["state"] for r in of(rows, "canteens")} == {"draft"}

    def test_files_neutralise_formulas(self, app, stock, tmp_path):
        run_adopt(app, "--out", str(tmp_path), "--lang", "en")
        [csv_path] = glob.glob(str(tmp_path / "*.csv"))
        with open(csv_path, encoding="utf-8-sig", newline="") as f:
            titles = {row["Dataset"] for row in csv.DictReader(f)}
        assert "'" + FORMULA_TITLE in titles and FORMULA_TITLE not in titles
        [xlsx_path] = glob.glob(str(tmp_path / "*.xlsx"))
        book = openpyxl.load_workbook(xlsx_path)
        assert book.sheetnames == ["Publishers", "Findings"]
        findings = book["Findings"]
        column = [c.value for c in findings[1]].index("Dataset") + 1
        cells = [findings.cell(row=n, column=column) for n in range(2, findings.max_row + 1)]
        formula_cells = [c for c in cells if c.value and "HYPERLINK" in c.value]
        assert formula_cells and all(c.value == "'" + FORMULA_TITLE and c.data_type == "s" for c in formula_cells)
        publishers = [row[0].value for row in book["Publishers"].iter_rows(min_row=2)]
        assert {"osvita", "zhkh", "finance"} <= set(publishers)

    def test_hromada_filter(self, app, stock, tmp_path):
        run_adopt(app, "--out", str(tmp_path), "--hromada", COUNCIL.lower())
        assert {r["publisher"] for r in report_rows(tmp_path)} <= {"finance"}
        result = run_adopt(app, "--out", str(tmp_path / "x"), "--hromada", "UA123")
        assert result.exit_code != 0 and "KATOTTG" in result.output

    def test_a_table_without_a_column_is_refused_before_anything(self, app, stock, tmp_path):
        path = tmp_path / "ops.csv"
        path.write_text("organization,edrpou\nosvita,40572153\n", encoding="utf-8")
        result = run_adopt(app, "--apply", "--publishers", str(path), "--out", str(tmp_path))
        assert result.exit_code != 0 and "hromada" in result.output
        assert not glob.glob(str(tmp_path / "adoption-report-*"))


class TestApply:
    def test_maps_values_sets_territory_and_applies_the_table(self, app, stock, tmp_path):
        code = free_edrpou()
        finance = stock.orgs["finance"]
        ops = ops_csv(tmp_path, [
            {"organization": "osvita", "edrpou": code, "hromada": LVIV.lower(), "publisher_type": "executive_body"},
            # zhkh: a code finance holds; finance: another hromada than its own (a conflict)
            {"organization": "zhkh", "edrpou": finance_edrpou(finance), "hromada": LVIV,
             "publisher_type": "executive_body"},
            {"organization": "finance", "edrpou": "", "hromada": LVIV, "publisher_type": ""},
            {"organization": "nobody", "edrpou": "", "hromada": LVIV, "publisher_type": ""},
        ])
        before = content()
        result = run_adopt(app, "--apply", "--publishers", ops, "--out", str(tmp_path / "apply"))
        assert result.exit_code == 0, result.output

        osvita = model.Group.get("osvita")
        assert {k: osvita.extras.get(k) for k in ("edrpou", "hromada", "publisher_type")} == {
            "edrpou": code, "hromada": LVIV, "publisher_type": "executive_body"}
        assert not {"edrpou", "hromada", "publisher_type"} & set(extras.of(model.Group.get("zhkh")))
        assert model.Group.get("finance").extras["hromada"] == COUNCIL  # not overwritten

        schools = legacy.stored_extras(stock.datasets["public"]["id"])
        assert (schools["update_frequency"], schools["language"], schools["territory"]) == ("once a year", "uk", LVIV)
        package = model.Package.get(stock.datasets["public"]["id"])
        assert package.maintainer_email == "osvita@example.com"
        assert package.license_id == "other-closed"  # a person decides
        assert [r.format for r in package.resources] == ["CSV"]
        assert legacy.stored_extras(stock.datasets["private"]["id"])["update_frequency"] == "once a month"
        assert legacy.stored_extras(stock.datasets["draft"]["id"])["update_frequency"] == "once a week"
        assert legacy.stored_extras(stock.datasets["deleted"]["id"])["update_frequency"] == "annually"
        assert legacy.stored_extras(stock.datasets["harvest"]["id"])["update_frequency"] == "annually"
        stored = "package_extra" if "package_extra" in before else "package"  # CKAN 2.12: a column of package
        assert content()[stored] != before[stored]

        rows = report_rows(tmp_path / "apply")
        assert [r["status"] for r in of(rows, "schools", field="update_frequency")] == ["fixed"]
        assert {(r["field"], r["status"]) for r in of(rows, publisher="osvita")} == {
            ("edrpou", "fixed"), ("hromada", "fixed"), ("publisher_type", "fixed")}
        assert [(r["reason"], r["detail"]) for r in of(rows, publisher="zhkh", kind="error")] == [
            ("edrpou_taken", "finance")]
        assert [(r["kind"], r["value"], r["detail"]) for r in of(rows, publisher="finance", kind="conflict")] == [
            ("conflict", COUNCIL, LVIV)]
        assert [r["reason"] for r in of(rows, publisher="nobody")] == ["unknown_organization"]
        assert "Fixed 1 publishers (3 values) and 3 datasets" in result.output
        assert "Row 3 of the table (zhkh) skipped: edrpou: Another publisher holds this EDRPOU code (finance)" \
            in result.output
        assert f"Row 4 of the table (finance) skipped: hromada: The portal holds a different value ('{COUNCIL}'; " \
            f"the table says '{LVIV}'; --overwrite replaces it)" in result.output
        assert "Row 5 of the table (nobody) skipped: organization: No such publisher on the portal" in result.output
        assert "Row 2" not in result.output
        assert "osvita: 3 datasets (3 with mechanical fixes, 3 needing a person)" in result.output

    def test_writes_through_actions_scores_and_indexes(self, app, stock, tmp_path):
        result = run_adopt(app, "--apply", "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
        schools = stock.datasets["public"]["id"]
        # The activity stream holds the change, by the site user.
        activity = model.Session.execute(text("SELECT user_id, data FROM activity WHERE object_id = :id"),
                                         {"id": schools}).mappings().all()
        assert [json.loads(a["data"])["package"]["update_frequency"] for a in activity] == ["once a year"]
        assert {a["user_id"] for a in activity} == {model.User.get(tk_site_user()["name"]).id}
        # Every dataset in scope is scored; the index holds the new values.
        scored = {row.package_id for row in model.Session.query(DatasetScore)}
        assert {stock.datasets[k]["id"] for k in ("public", "private", "draft", "finance")} <= scored
        assert stock.datasets["deleted"]["id"] not in scored
        [indexed] = portal.package_dicts([schools])
        assert indexed["update_frequency"] == "once a year"
        found = query_for(model.Package).run({"q": "id:" + schools, "fl": "id,extras_update_frequency"})
        assert found["count"] == 1

    def test_a_second_run_changes_nothing_and_says_so(self, app, stock, tmp_path):
        ops = ops_csv(tmp_path, [{"organization": "osvita", "edrpou": free_edrpou(), "hromada": LVIV,
                                  "publisher_type": "executive_body"}])
        assert run_adopt(app, "--apply", "--publishers", ops, "--out", str(tmp_path / "1")).exit_code == 0
        before = content()
        again = run_adopt(app, "--apply", "--publishers", ops, "--out", str(tmp_path / "2"))
        assert again.exit_code == 0, again.output
        assert content() == before
        assert "Nothing to change" in again.output
        assert {r["status"] for r in report_rows(tmp_path / "2")} == {"person"}


def finance_edrpou(finance) -> str:
    return model.Group.get(finance["id"]).extras["edrpou"]


def test_overwrite_replaces_a_valid_stored_value_and_says_so(app, stock, tmp_path):
    ops = ops_csv(tmp_path, [{"organization": "finance", "edrpou": "", "hromada": LVIV, "publisher_type": ""}])
    result = run_adopt(app, "--apply", "--overwrite", "--publishers", ops, "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert model.Group.get("finance").extras["hromada"] == LVIV
    rows = report_rows(tmp_path / "o")
    assert [(r["reason"], r["value"], r["fix"], r["status"]) for r in of(rows, publisher="finance")] == [
        ("overwritten", COUNCIL, LVIV, "fixed")]
    # The change is in the activity stream, by the site user. (CKAN's organization activities
    # hold the organization's row without its extras: the report's old and new values are the record.)
    activity = model.Session.execute(text(
        "SELECT user_id, activity_type FROM activity WHERE object_id = :id ORDER BY timestamp"),
        {"id": stock.orgs["finance"]["id"]}).mappings().all()
    assert (activity[-1]["activity_type"], activity[-1]["user_id"]) == (
        "changed organization", model.User.get(tk_site_user()["name"]).id)
