"""A publisher fills the dataset form in real Chromium: the passport is checked on the
page in Ukrainian, a draft tells what it lacks, and a complete one is published."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.browser import FINISH_REFUSED_ON_THE_FORM, PASSWORD, SAVE_DATASET, add_link_resource, log_in, set_value
from tests.factories import Publisher


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_publisher_creates_a_dataset_through_the_form(live_server, page, screenshot):
    user = factories.User(password=PASSWORD)
    org = Publisher(title="Управління освіти", users=[{"name": user["name"], "capacity": "editor"}])
    log_in(page, live_server, user["name"])

    page.goto(live_server + "/dataset/new")
    page.fill("#field-title", "Мережа закладів освіти")
    page.click(".slug-preview button")  # the URL name is previewed from the title until edited
    page.fill("#field-name", "merezha-zakladiv-osvity")
    page.fill("#field-notes", "Перелік закладів освіти громади з адресами й контактами.")
    set_value(page, "#field-tag_string", "освіта,школи")
    page.select_option("#field-update_frequency", "once a year")
    page.fill("#field-maintainer", "Ковальчук Леся Ярославівна")
    page.fill("#field-maintainer_email", "osvita(at)sheptytskyi")       # mistyped on purpose
    page.fill("#field-data_current_as_of", "2026-09-01")
    page.click(SAVE_DATASET)
    page.wait_for_load_state()

    # Stage 1 refuses the bad email, in Ukrainian, beside the field and in the summary.
    body = page.content()
    assert "«osvita(at)sheptytskyi» — некоректна адреса електронної пошти" in body
    assert "Електронна пошта відповідальної особи" in page.locator(".error-explanation").inner_text()
    screenshot("form-bad-email-uk")
    page.fill("#field-maintainer_email", "osvita@sheptytskyi.example")
    page.click(SAVE_DATASET)
    page.wait_for_url("**/dataset/merezha-zakladiv-osvity/resource/new")

    # Finishing with only a data file: the dataset stays a draft, and the page it lands on
    # says why (flash messages) and what is missing (the passport panel).
    add_link_resource(page, "https://data.example/schools.csv", "Заклади освіти", "CSV", "data", "go-metadata")
    if FINISH_REFUSED_ON_THE_FORM:  # CKAN 2.12: the resource form shows the refusal itself
        page.wait_for_url("**/dataset/merezha-zakladiv-osvity/resource/new")
        refused = page.locator(".error-explanation").inner_text()
        screenshot("draft-refused-on-the-resource-form-uk")
        assert "Підстава та призначення збору інформації: Обов'язкове для оприлюднення набору даних" in refused
        assert "Перед оприлюдненням додайте файл структури набору даних" in refused
        page.goto(live_server + "/dataset/merezha-zakladiv-osvity")
    else:  # CKAN 2.11: the refusal leaves the form (common/web_errors.py): the dataset page says why
        page.wait_for_url("**/dataset/merezha-zakladiv-osvity")
        flashed = page.locator(".flash-messages").inner_text()
        assert "Підстава та призначення збору інформації: Обов'язкове для оприлюднення набору даних" in flashed
        assert "Ресурси: Перед оприлюдненням додайте файл структури набору даних" in flashed
    draft = call_action("package_show", context={"user": user["name"]}, id="merezha-zakladiv-osvity")
    assert draft["state"] == "draft"
    assert len(draft["resources"]) == 1
    missing = page.locator(".chervonohrad-missing").inner_text()
    assert "Підстава та призначення збору інформації: Обов'язкове для оприлюднення набору даних" in missing
    assert "Структура набору даних" in missing
    screenshot("draft-missing-uk")

    # The publisher completes the passport and adds the structure file: published.
    page.goto(live_server + "/dataset/edit/merezha-zakladiv-osvity")
    page.fill("#field-purpose_of_collecting_information", "Закон України «Про освіту»; інформування батьків.")
    page.click(SAVE_DATASET)
    page.wait_for_load_state()
    page.goto(live_server + "/dataset/merezha-zakladiv-osvity/resource/new")
    add_link_resource(page, "https://data.example/schools-structure.csv", "Структура набору даних", "CSV",
                      "structure", "go-metadata")
    dataset = call_action("package_show", id="merezha-zakladiv-osvity")
    assert dataset["state"] == "active"
    assert dataset["owner_org"] == org["id"]
    assert [r["resource_role"] for r in dataset["resources"]] == ["data", "structure"]
    assert dataset["maintainer_email"] == "osvita@sheptytskyi.example"
    assert dataset["update_frequency"] == "once a year"
    assert dataset["data_current_as_of"] == "2026-09-01"
    page.goto(live_server + "/dataset/merezha-zakladiv-osvity")
    assert page.locator(".chervonohrad-missing").count() == 0
    screenshot("published-uk")
