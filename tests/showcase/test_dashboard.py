"""The dashboard counts the approved use cases: per hromada and in all for the oblast, the
chosen hromada's alone with ?hromada=; proposals and declined ones are not counted."""
from __future__ import annotations

from bs4 import BeautifulSoup

from ckanext.chervonohrad.reports.dashboard import use_cases
from tests.hromada.officers import SHEPTYTSKA, SOKALSKA
from tests.showcase.conftest import propose
from tests.showcase.test_action import decide


def section(app, path):
    page = app.get(path)
    assert page.status_code == 200
    return BeautifulSoup(page.body, "html.parser").select_one("#chart-use-cases")


def test_an_empty_portal_counts_none(app, world):
    block = section(app, "/open-data/dashboard")
    assert block.h2.text == "Застосування даних"
    assert block.select_one("#use-cases-total").text == "0"


def test_only_approved_use_cases_count(app, world):
    propose(world)
    decide(world, world.coordinator)
    propose(world, name="mapa-shkil", hromada=SOKALSKA, showcase_datasets="shkoly")
    propose(world, name="chekaie", title="Чекає на рішення")  # a proposal: not counted
    decide(world, world.coordinator, name="mapa-shkil")
    block = section(app, "/open-data/dashboard")
    rows = {tr["data-hromada"]: tr.td.text for tr in block.select("tr[data-hromada]")}
    assert rows == {SHEPTYTSKA: "1", SOKALSKA: "1"}
    assert block.select_one("#use-cases-total").text == "2"
    assert block.select_one("caption").text == "Схвалені застосування даних за громадами"
    one = section(app, f"/open-data/dashboard?hromada={SHEPTYTSKA}")
    assert one.select_one("#use-cases-count").text == "Схвалених застосувань даних громади: 1"
    assert section(app, "/en/open-data/dashboard").h2.text == "Use cases of the data"


def test_the_dashboard_api_carries_the_counts(app, world):
    propose(world)
    decide(world, world.coordinator)
    result = app.get("/api/3/action/chervonohrad_reports_dashboard").json["result"]
    assert result["use_cases"] == {"per_hromada": [{"hromada": SHEPTYTSKA, "count": 1}], "total": 1,
                                   "of_hromada": None}
    one = app.get(f"/api/3/action/chervonohrad_reports_dashboard?hromada={SOKALSKA}").json["result"]
    assert one["use_cases"]["of_hromada"] == 0


def test_the_counts_are_ordered_most_first_and_total_the_oblast():
    shaped = use_cases({None: 1, SOKALSKA: 3, SHEPTYTSKA: 3}, SOKALSKA)
    assert [r["hromada"] for r in shaped["per_hromada"]] == sorted([SOKALSKA, SHEPTYTSKA]) + [None]
    assert (shaped["total"], shaped["of_hromada"]) == (7, 3)
