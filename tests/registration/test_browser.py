"""The whole registration journey in real Chromium: a visitor creates an account,
applies, a regional administrator approves, and the new publisher's admin publishes."""
from __future__ import annotations

import pytest

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.browser import PASSWORD, add_link_resource, fill_dataset_stage_one, log_in


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_register_apply_approve_publish(live_server, browser, smtp_inbox, screenshot):
    admin = factories.Sysadmin(password=PASSWORD, email="admin@oblast.example")
    applicant_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    page = applicant_ctx.new_page()

    # A visitor is asked to log in or create an account first.
    page.goto(live_server + "/publisher/register")
    screenshot.page = page
    screenshot("registration-1-login-first")
    page.get_by_role("link", name="Створити обліковий запис").click()
    page.fill("#field-username", "olena-melnyk")
    page.fill("#field-fullname", "Мельник Олена Петрівна")
    page.fill("#field-email", "kultura@sheptytskyi.example")
    page.fill("#field-password", PASSWORD)
    page.fill("#field-confirm-password", PASSWORD)
    page.locator("form#user-register-form button[type=submit], form button[name=save]").first.click()
    page.wait_for_load_state()
    assert model.User.get("olena-melnyk") is not None

    # The application, first with a mistyped EDRPOU code.
    page.goto(live_server + "/publisher/register")
    page.fill("#field-title", "Відділ культури Шептицької міської ради")
    page.fill("#field-edrpou", "44106670")
    page.select_option("#field-publisher_type", "executive_body")
    page.fill("#field-address", "80100, м. Шептицький, просп. Шевченка, 19")
    page.fill("#field-person_name", "Мельник Олена Петрівна")
    page.fill("#field-person_position", "Начальник відділу")
    page.fill("#field-person_email", "kultura@sheptytskyi.example")
    page.fill("#field-person_phone", "+380 3249 2 11 22")
    page.set_input_files("#field-document_upload", files=[{
        "name": "rozporiadzhennia-125.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 test"}])
    page.fill("#field-publisher_emails", "editor@sheptytskyi.example")
    page.check("#field-consent")
    page.click("button[name=save]")
    errors = page.locator(".error-explanation").inner_text()
    assert "Код ЄДРПОУ" in errors and "не проходить перевірку контрольної цифри" in errors
    screenshot("registration-2-bad-edrpou")
    page.fill("#field-edrpou", "44106679")
    page.set_input_files("#field-document_upload", files=[{
        "name": "rozporiadzhennia-125.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 test"}])
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert "/publisher/applications/" in page.url, page.locator(".error-explanation, .flash-messages").all_inner_texts()
    assert page.locator("#application-state").get_attribute("data-state") == "submitted"
    application_url = page.url
    screenshot("registration-3-submitted")
    assert len(smtp_inbox.to("admin@oblast.example")) == 1

    # The regional administrator finds it in the queue and approves it.
    admin_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="uk-UA")
    admin_page = admin_ctx.new_page()
    screenshot.page = admin_page
    log_in(admin_page, live_server, admin["name"])
    admin_page.goto(live_server + "/publisher/applications?state=submitted&q=44106679")
    admin_page.get_by_role("link", name="Відділ культури Шептицької міської ради").click()
    screenshot("registration-4-admin-review")
    admin_page.fill("#field-decision-comment", "Документи в порядку")
    admin_page.get_by_role("button", name="Схвалити").click()
    admin_page.wait_for_load_state()
    assert admin_page.locator("#application-state").get_attribute("data-state") == "approved"
    screenshot("registration-5-approved")
    approved = [m for m in smtp_inbox.to("kultura@sheptytskyi.example") if "схвалено" in m["Subject"]]
    assert len(approved) == 1

    # The applicant, now the publisher's admin, publishes a dataset in it.
    screenshot.page = page
    page.goto(application_url)
    assert "Розпорядника створено" in page.content()
    org = call_action("organization_show", id="viddil-kultury-sheptytskoi-miskoi-rady", include_users=True)
    assert {u["name"]: u["capacity"] for u in org["users"]}["olena-melnyk"] == "admin"
    fill_dataset_stage_one(page, live_server, "Заклади культури громади", "zaklady-kultury", owner_org=org["id"])
    add_link_resource(page, "https://data.example/culture.csv", "Заклади культури", "CSV", "data", "again")
    add_link_resource(page, "https://data.example/culture-structure.csv", "Структура набору даних", "CSV",
                      "structure", "go-metadata")
    dataset = call_action("package_show", id="zaklady-kultury")
    assert dataset["state"] == "active" and dataset["owner_org"] == org["id"]
    page.goto(live_server + "/organization/" + org["name"])
    assert "Заклади культури громади" in page.content()
    screenshot("registration-6-published")
    applicant_ctx.close()
    admin_ctx.close()
