"""A write the portal's validation refuses is reported, not forced, and the rest goes on."""
from __future__ import annotations

from ckan import model

from tests import legacy
from tests.adoption.conftest import LVIV, ops_csv, run_adopt
from tests.adoption.test_cli import of, report_rows
from tests.hromada.officers import edrpou


def test_a_refused_save_is_reported_and_the_rest_applied(app, stock, tmp_path):
    # Stock CKAN's own name rule refuses a name an old import wrote straight to the database.
    odd = legacy.dataset(stock.orgs["osvita"]["id"], name="Old Import 2019", update_frequency="annually")
    ops = ops_csv(tmp_path, [{"organization": "zhkh", "edrpou": edrpou("3917231"), "hromada": LVIV,
                              "publisher_type": "executive_body"}])
    result = run_adopt(app, "--apply", "--publishers", ops, "--out", str(tmp_path / "r"))
    assert result.exit_code == 1
    assert "1 changes were refused by the portal's validation" in result.output
    assert legacy.stored_extras(odd["id"])["update_frequency"] == "annually"  # nothing half-written
    assert legacy.stored_extras(stock.datasets["public"]["id"])["update_frequency"] == "once a year"
    assert model.Group.get("zhkh").extras["hromada"] == LVIV
    rows = report_rows(tmp_path / "r")
    assert [r["status"] for r in of(rows, "Old Import 2019", field="update_frequency")] == ["refused"]
    [error] = of(rows, "Old Import 2019", kind="error")
    assert (error["reason"], error["status"]) == ("refused", "refused") and "name" in error["detail"]
    # The files are written all the same, and a later run tries again.
    again = run_adopt(app, "--apply", "--out", str(tmp_path / "again"))
    assert again.exit_code == 1 and [r["status"] for r in of(report_rows(tmp_path / "again"), "Old Import 2019",
                                                            field="update_frequency")] == ["refused"]
