"""A citizen's first journey, in real headless Chromium against the served app."""
from __future__ import annotations

import pytest

from tests.factories import PassportDataset, Publisher


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_citizen_finds_a_dataset_and_switches_to_english(live_server, page, screenshot):
    org = Publisher(title="Фінансове управління Шептицької міської ради")
    PassportDataset(
        owner_org=org["id"],
        name="dokhody-biudzhetu",
        title="Доходи бюджету Шептицької міської територіальної громади",
        notes="Планові та фактичні надходження податків і зборів до бюджету громади.",
    )

    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "uk"
    screenshot("home-uk")

    page.fill("input[name=q]", "бюджету")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dataset/**")
    assert page.get_by_text("Доходи бюджету Шептицької міської територіальної громади").count() >= 1
    screenshot("search-uk")

    page.get_by_role("link", name="Доходи бюджету Шептицької міської територіальної громади").first.click()
    page.wait_for_url("**/dataset/dokhody-biudzhetu")
    assert "Планові та фактичні надходження" in page.content()
    screenshot("dataset-uk")

    page.goto(live_server + "/en/dataset/dokhody-biudzhetu")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Доходи бюджету Шептицької міської територіальної громади").count() >= 1
    screenshot("dataset-en")
