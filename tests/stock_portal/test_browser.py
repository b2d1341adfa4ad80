"""The deadlock of #17, in real Chromium on the adopted portal: a dataset that was public before
the extension, without a structure file, a purpose or an open licence, could be neither saved
(its passport incomplete) nor given the structure file (the save of the resource re-validates
the dataset). Now the editor saves it, adds the file, and the page says what is left."""
from __future__ import annotations

from tests.browser import SAVE_DATASET, add_link_resource, log_in
from tests.stock_portal import seed

DATASET = "olimpiady"  # `notspecified` licence, no frequency, no maintainer email, no structure file


def test_the_stock_sysadmin_edits_a_legacy_dataset_and_adds_its_structure_file(adopted, page, screenshot):
    base = adopted.url
    log_in(page, base, seed.ADMIN, seed.ADMIN_PASSWORD)

    page.goto(f"{base}/dataset/edit/{DATASET}")
    assert page.locator("#field-title").count() == 1, page.content()[:2000]
    screenshot("stock-legacy-edit-form")
    title = "Переможці учнівських олімпіад громади"
    page.fill("#field-title", title)
    page.click(f"form#dataset-edit {SAVE_DATASET}, form.dataset-form {SAVE_DATASET}")
    page.wait_for_load_state()
    screenshot("stock-legacy-edit-saved")
    assert page.locator(".error-explanation").count() == 0, page.locator(".error-explanation").inner_text()
    saved = adopted.api.action("package_show", id=DATASET)
    assert (saved["title"], saved["state"], saved["private"]) == (title, "active", False)

    page.goto(f"{base}/dataset/{DATASET}/resource/new")
    add_link_resource(page, "https://data.hromada.example/files/olimpiady-structure.csv", "Структура набору даних",
                      "CSV", "structure", "go-dataset-complete")
    screenshot("stock-legacy-structure-added")
    assert page.locator(".error-explanation").count() == 0, page.locator(".error-explanation").inner_text()
    roles = [r.get("resource_role") for r in adopted.api.action("package_show", id=DATASET)["resources"]]
    assert roles.count("structure") == 1, roles

    # The editor sees what the dataset still lacks, and the structure file is no longer in it.
    page.goto(f"{base}/dataset/{DATASET}")
    screenshot("stock-legacy-dataset-gaps")
    gaps = page.locator(".chervonohrad-missing")
    assert gaps.count() >= 1, "the dataset page lists no gaps to its editor"
    text = gaps.first.inner_text()
    assert "Підстава та призначення збору інформації" in text, text
    assert "структури" not in text.lower(), text

    # The title was all the editor changed: the stored licence (not one this portal offers)
    # is kept, not replaced by whatever the licence list shows first.
    assert saved["license_id"] == "notspecified", saved["license_id"]

    # Visitors do not see the editor's list.
    visitor = page.context.browser.new_context(locale="uk-UA")
    try:
        anonymous = visitor.new_page()
        anonymous.goto(f"{base}/dataset/{DATASET}")
        assert anonymous.locator(".chervonohrad-missing").count() == 0
        assert title in anonymous.content()
    finally:
        visitor.close()


def test_the_stock_sysadmin_edits_a_publisher_the_operator_table_left_out(adopted, page, screenshot):
    """upravlinnia-zhkh has no EDRPOU code, hromada or publisher type (a person has to find
    them): its description can still be edited through the form."""
    base = adopted.url
    log_in(page, base, seed.ADMIN, seed.ADMIN_PASSWORD)
    page.goto(f"{base}/organization/edit/upravlinnia-zhkh")
    assert page.locator("#field-description").count() == 1, page.content()[:2000]
    screenshot("stock-publisher-edit-form")
    description = "Управління відповідає за вивезення відходів, ремонти доріг і тарифи громади."
    page.fill("#field-description", description)
    page.click("form button[name=save]")
    page.wait_for_load_state()
    screenshot("stock-publisher-edit-saved")
    assert page.locator(".error-explanation").count() == 0, page.locator(".error-explanation").inner_text()
    shown = adopted.api.action("organization_show", id="upravlinnia-zhkh")
    assert shown["description"] == description
    assert not shown.get("edrpou") and not shown.get("hromada") and not shown.get("publisher_type")
