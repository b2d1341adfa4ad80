"""A publisher of a stock portal's dataset fixes it in real Chromium (#17 item 1): the edit
form saves a new title with the unknown frequency and closed licence it keeps, the page
says what to fix, and the resource form adds the structure file."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import legacy
from tests.browser import PASSWORD, SAVE_DATASET, add_link_resource, log_in


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_publisher_fixes_a_stock_dataset_step_by_step(live_server, page, screenshot):
    user = factories.User(password=PASSWORD)
    org = legacy.organization(admin=user["name"])
    stock = legacy.dataset(org["id"], name="merezha-shkil", title="Мережа шкіл", license_id="other-closed",
                           update_frequency="коли є час", tags=("освіта",),
                           resources=({"url": "https://data.example/schools.csv", "format": "csv",
                                       "name": "Школи"},))
    log_in(page, live_server, user["name"])

    page.goto(live_server + "/dataset/edit/merezha-shkil")
    assert page.locator("#field-update_frequency option:checked").inner_text() == (
        "коли є час — невідоме значення, оберіть зі списку")
    page.fill("#field-title", "Мережа закладів загальної середньої освіти")
    page.click(SAVE_DATASET)
    page.wait_for_url("**/dataset/merezha-shkil")
    model.Session.expire_all()  # the server thread saved it; this thread's session still holds the old row
    shown = call_action("package_show", id=stock["id"])
    assert shown["title"] == "Мережа закладів загальної середньої освіти"
    assert (shown["update_frequency"], shown["license_id"]) == ("коли є час", "other-closed")
    assert "Структура набору даних" in page.locator(".chervonohrad-missing").inner_text()
    invalid = page.locator(".chervonohrad-invalid").inner_text()
    assert "Періодичність оновлення: «коли є час» — невідоме значення" in invalid
    screenshot("legacy-dataset-saved-uk")

    page.goto(live_server + "/dataset/merezha-shkil/resource/new")
    add_link_resource(page, "https://data.example/schools-structure.json", "Структура", "JSON", "structure",
                      "go-dataset-complete")
    page.wait_for_url("**/dataset/merezha-shkil")
    model.Session.expire_all()
    roles = [r.get("resource_role") or "data" for r in call_action("package_show", id=stock["id"])["resources"]]
    assert roles == ["data", "structure"]
    assert "Структура набору даних" not in page.locator(".chervonohrad-missing").inner_text()
    screenshot("legacy-dataset-structure-added-uk")
