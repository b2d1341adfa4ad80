"""The materials in real Chromium: a regional administrator adds a material with a file
through the form, the list shows it grouped by topic at 1280 and at 390 px (no sideways
scroll on a phone), the audience filter narrows it."""
from __future__ import annotations

import os

from ckanext.chervonohrad.materials import seed as seeding
from tests.browser import log_in

HERE = os.path.dirname(__file__)


def test_admin_adds_a_file_and_the_list_fits_a_phone(live_server, browser, people, screenshot, tmp_path):
    seeding.seed()
    pdf = tmp_path / "Памʼятка відповідальній особі.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")

    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    page = admin.new_page()
    screenshot.page = page
    log_in(page, live_server, "oblast-coordinator")
    page.goto(live_server + "/materials")
    page.click("#material-add")
    page.wait_for_load_state()
    page.fill("#field-title", "Памʼятка відповідальній особі")
    page.fill("#field-description", "Що робить відповідальна особа: паспорт, оновлення, відгуки.")
    page.set_input_files("#field-upload", str(pdf))
    page.select_option("#field-audience", "responsible_persons")
    page.select_option("#field-topic", "publishing_835")
    page.fill("#field-source", "Львівська ОВА")
    page.fill("#field-position", "5")
    screenshot("materials-1-form-1280")
    page.click("#material-form button[name=save]")
    page.wait_for_load_state()
    added = page.locator("#topic-publishing_835 li.material[data-kind=file]")
    assert added.count() == 1
    assert added.locator(".material-title").inner_text() == "Памʼятка відповідальній особі"
    screenshot("materials-2-list-admin-1280")
    admin.close()

    visitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="uk-UA", is_mobile=True)
    phone = visitor.new_page()
    screenshot.page = phone
    phone.goto(live_server + "/materials")
    assert phone.locator("section.materials-topic").count() >= 3
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("materials-3-list-390")
    phone.select_option("#filter-audience", "responsible_persons")
    phone.locator("#materials-filter button[type=submit]").click()
    phone.wait_for_load_state()
    assert "audience=responsible_persons" in phone.url
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("materials-4-filtered-390")
    with phone.expect_download() as download:
        phone.locator("li.material[data-kind=file] a.material-title").first.click()
    assert download.value.suggested_filename == "Памʼятка відповідальній особі.pdf"
    visitor.close()

    wide = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    screenshot.page = wide.new_page()
    screenshot.page.goto(live_server + "/materials")
    screenshot("materials-5-list-visitor-1280")
    wide.close()
