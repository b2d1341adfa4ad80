"""Steps that browser journeys share (Playwright pages on the live test server)."""
from __future__ import annotations

import ckan

PASSWORD = "Pass-Word-2026!"


def log_in(page, base: str, name: str, password: str = PASSWORD) -> None:
    page.goto(base + "/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", password)
    page.locator("form.form-horizontal button[type=submit], form button.btn-primary").first.click()
    page.wait_for_load_state()


def set_value(page, selector: str, value: str) -> None:
    """Fields that CKAN decorates with select2 hide their input: set it directly."""
    page.evaluate("([s, v]) => { document.querySelector(s).value = v; }", [selector, value])


# "Publish"/"Finish" on the resource form, refused by the passport: CKAN 2.12's form shows the
# refusal itself; 2.11's raises it out of the view (common/web_errors.py answers it).
FINISH_REFUSED_ON_THE_FORM = tuple(int(part) for part in ckan.__version__.split(".")[:2]) >= (2, 12)

# The dataset form's save button. CKAN 2.12's edit form has an "Unpublish" button first (also
# name=save, with a value): a plain `button[name=save]` would press that one.
SAVE_DATASET = "button[name=save]:not([value])"


def add_link_resource(page, url: str, name: str, fmt: str, role: str, button: str) -> None:
    page.get_by_role("button", name="Посилання").or_(page.get_by_role("link", name="Посилання")).first.click()
    page.fill("#field-resource-url", url)
    page.fill("#field-name", name)
    set_value(page, "#field-format", fmt)
    page.select_option("#field-resource_role", role)
    page.click(f"button[name=save][value={button}]")
    page.wait_for_load_state()


def fill_dataset_stage_one(page, base: str, title: str, name: str, owner_org: str | None = None) -> None:
    """The first page of the dataset form, with a complete passport."""
    page.goto(base + "/dataset/new")
    page.fill("#field-title", title)
    page.click(".slug-preview button")  # the URL name is previewed from the title until edited
    page.fill("#field-name", name)
    page.fill("#field-notes", "Перелік закладів культури громади з адресами й контактами.")
    set_value(page, "#field-tag_string", "культура,заклади")
    page.select_option("#field-update_frequency", "once a year")
    page.fill("#field-purpose_of_collecting_information", "Закон України «Про культуру»; інформування мешканців.")
    page.fill("#field-maintainer", "Мельник Олена Петрівна")
    page.fill("#field-maintainer_email", "kultura@sheptytskyi.example")
    if owner_org:
        set_value(page, "#field-organizations", owner_org)  # select2 hides the select
    page.click(SAVE_DATASET)
    page.wait_for_load_state()
