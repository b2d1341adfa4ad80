"""Use cases in real Chromium: a citizen proposes one on a phone, a regional administrator
approves it on a laptop, and the list shows it in Ukrainian and English."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests.browser import PASSWORD, log_in
from tests.factories import PassportDataset
from tests.hromada.officers import SHEPTYTSKA, publisher_in

PHONE, LAPTOP = 390, 1280


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
def test_a_citizen_proposes_and_an_administrator_approves(live_server, browser, screenshot):
    factories.User(name="citizen", password=PASSWORD, fullname="Остап Лемик")
    factories.User(name="oblast-coordinator", password=PASSWORD)  # test.ini: a regional administrator
    transport = publisher_in(SHEPTYTSKA, "transport", title="Шептицькавтотранс")
    PassportDataset(name="zupynky", title="Зупинки громадського транспорту", owner_org=transport["id"])

    phone = browser.new_context(viewport={"width": PHONE, "height": 900})
    page = phone.new_page()
    screenshot.page = page
    log_in(page, live_server, "citizen")
    page.goto(live_server + "/showcase/new")
    page.fill("#field-title", "Чат-бот «Де мій автобус?»")
    if page.locator(".slug-preview button").count():
        page.click(".slug-preview button")
    page.fill("#field-name", "bot-rozklad")
    page.fill("#field-notes", "Відповідає, коли приїде наступний автобус.")
    page.select_option("#field-showcase_kind", "chat_bot")
    page.fill("#field-author", "ІТ-кластер")
    page.fill("#field-url", "https://bot.example.ua")
    page.fill("#field-showcase_datasets", live_server + "/dataset/zupynky")
    page.select_option("#field-hromada", SHEPTYTSKA)
    no_sideways_scroll(page, PHONE)
    screenshot("showcase-1-proposal-form-phone")
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert page.url.endswith("/showcase/bot-rozklad")
    assert "Зупинки громадського транспорту" in page.inner_text("body")
    no_sideways_scroll(page, PHONE)
    screenshot("showcase-2-proposed-phone")
    phone.close()

    laptop = browser.new_context(viewport={"width": LAPTOP, "height": 900})
    page = laptop.new_page()
    screenshot.page = page
    log_in(page, live_server, "oblast-coordinator")
    page.goto(live_server + "/showcase/bot-rozklad")
    page.get_by_role("button", name="Схвалити").click()
    page.wait_for_load_state()
    screenshot("showcase-3-approved-laptop")
    laptop.close()

    visitor = browser.new_context(viewport={"width": LAPTOP, "height": 900})
    page = visitor.new_page()
    screenshot.page = page
    page.goto(live_server + "/showcase/")
    assert "Чат-бот «Де мій автобус?»" in page.inner_text("main, [role=main], body")
    screenshot("showcase-4-list-uk")
    page.goto(live_server + "/en/showcase/")
    assert "Use cases" in page.inner_text("body")
    screenshot("showcase-5-list-en")
    visitor.close()
