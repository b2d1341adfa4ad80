"""Feedback in real Chromium: a visitor sends feedback from the dataset page and sees the
confirmation; the publisher answers from the inbox and publishes; the answer appears on
the dataset page and in the visitor's mailbox."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests.browser import PASSWORD, log_in
from tests.factories import PassportDataset, Publisher

MESSAGE = "У файлі немає даних за жовтень. <script>alert(1)</script>"
ANSWER = "Дякуємо! Дані за жовтень додано до файлу."


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
def test_visitor_sends_publisher_answers_answer_is_published(live_server, browser, smtp_inbox, screenshot):
    editor = factories.User(name="finance-editor", password=PASSWORD, email="finance-editor@sheptytskyi.example")
    org = Publisher(name="finance", title="Фінансове управління",
                    users=[{"name": editor["name"], "capacity": "editor"}])
    PassportDataset(name="biudzhet-2026", title="Бюджет громади 2026", owner_org=org["id"],
                    maintainer_email="finance@sheptytskyi.example")

    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    page = visitor.new_page()
    screenshot.page = page
    page.goto(live_server + "/dataset/biudzhet-2026")
    page.locator("#feedback-details summary").click()
    page.select_option("#field-feedback-category", "missing")
    page.fill("#field-feedback-message", MESSAGE)
    page.fill("#field-feedback-name", "Іван Петренко")
    page.fill("#field-feedback-email", "ivan.petrenko@example.com")
    page.check("#field-feedback-consent")
    screenshot("feedback-1-form-on-dataset-page")
    page.locator("#feedback-form button[name=send]").click()
    page.wait_for_load_state()
    assert page.locator("#feedback-sent").is_visible()
    screenshot("feedback-2-sent")
    assert len(smtp_inbox.to("finance@sheptytskyi.example")) == 1

    publisher = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    admin_page = publisher.new_page()
    screenshot.page = admin_page
    log_in(admin_page, live_server, editor["name"])
    admin_page.goto(live_server + "/organization/finance")
    assert admin_page.locator("#org-feedback-open").inner_text() == "1"
    admin_page.locator("#org-feedback-tab a").click()
    admin_page.wait_for_load_state()
    screenshot("feedback-3-inbox")
    admin_page.locator("#feedback-inbox tbody tr a").first.click()
    admin_page.wait_for_load_state()
    assert admin_page.locator("#feedback-message").inner_text() == MESSAGE  # escaped, shown as typed
    admin_page.fill("#field-answer", ANSWER)
    admin_page.check("#field-answer-publish")
    admin_page.locator("#feedback-answer-form button[type=submit]").click()
    admin_page.wait_for_load_state()
    assert admin_page.locator("#feedback-status").get_attribute("data-status") == "answered"
    assert admin_page.locator("#feedback-status").get_attribute("data-published") == "true"
    screenshot("feedback-4-answered")

    screenshot.page = page
    page.goto(live_server + "/dataset/biudzhet-2026")
    published = page.locator("#published-feedback li").first
    assert MESSAGE in published.locator(".feedback-message").inner_text()
    assert ANSWER in published.locator(".feedback-answer").inner_text()
    assert "ivan.petrenko@example.com" not in page.content()
    page.locator("#dataset-feedback").scroll_into_view_if_needed()
    screenshot("feedback-5-answer-on-dataset-page")
    answer_mail = smtp_inbox.to("ivan.petrenko@example.com")
    assert len(answer_mail) == 1 and ANSWER in smtp_inbox.body(answer_mail[0])
    visitor.close()
    publisher.close()
