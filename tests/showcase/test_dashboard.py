"""The dashboard counts the approved use cases: per hromada and in all for the oblast, the
chosen hromada's alone with ?hromada=; proposals and declined ones are not counted."""
from __future__ import annotations

from bs4 import BeautifulSoup

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
