"""The edit forms never drop a stored value (#17 item 1): a stored value the list does not
know is shown selected, a mapped one preselected as its code, a closed licence with its
title; saving the form unchanged succeeds. The resource form adds a structure file to a
public stock dataset, and the dataset page tells its editors what to fix."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import legacy


def form_data(page: BeautifulSoup, selector: str) -> dict[str, str]:
    """What a browser would post for the form as the page shows it."""
    form = page.select_one(selector)
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("checkbox", "radio", "submit") or field.has_attr("checked")}
    data.update({field["name"]: field.text for field in form.select("textarea[name]")})
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]") or select.select_one("option")
        data[select["name"]] = chosen["value"] if chosen is not None else ""
    return data


def selected(page: BeautifulSoup, name: str):
    return page.select_one(f"select[name={name}] option[selected]")


@pytest.fixture
def admin():
    return factories.UserWithToken()


@pytest.fixture
def stock(admin):
    org = legacy.organization(admin=admin["name"])
    return legacy.dataset(org["id"], title="Бюджет", license_id="other-closed", update_frequency="коли є час",
                          language="ukr", topic="sport", tags=("бюджет",),
                          resources=({"url": "https://data.example/budget.csv", "format": "csv", "name": "Дані"},))


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestDatasetEditForm:
    def open(self, app, admin, stock):
        client = app.test_client()
        url = tk.url_for("dataset.edit", id=stock["name"])
        page = BeautifulSoup(client.get(url, headers={"Authorization": admin["token"]}).body, "html.parser")
        return client, url, page

    def test_stored_values_are_shown_selected(self, app, admin, stock):
        _, _, page = self.open(app, admin, stock)
        unknown = selected(page, "update_frequency")
        assert unknown["value"] == "коли є час"
        assert unknown.text == "коли є час — невідоме значення, оберіть зі списку"
        assert selected(page, "topic")["value"] == "sport"
        assert selected(page, "language")["value"] == "uk"  # `ukr` read as its code
        licence = selected(page, "license_id")
        assert licence["value"] == "other-closed"
        assert licence.text.endswith("— не відкрита ліцензія: оберіть відкриту")
        assert not licence.text.startswith("other-closed")  # CKAN's own title for it

    def test_saving_it_unchanged_keeps_them(self, app, admin, stock):
        client, url, page = self.open(app, admin, stock)
        data = dict(form_data(page, "form#dataset-edit"), title="Бюджет громади", save="")
        client.post(url, data=data, headers={"Authorization": admin["token"]}, status=302, follow_redirects=False)
        shown = call_action("package_show", id=stock["id"])
        assert shown["title"] == "Бюджет громади"
        assert (shown["update_frequency"], shown["topic"], shown["license_id"]) == ("коли є час", "sport",
                                                                                   "other-closed")
        assert shown["language"] == "uk"

    def test_a_new_unknown_value_is_still_refused(self, app, admin, stock):
        client, url, page = self.open(app, admin, stock)
        data = dict(form_data(page, "form#dataset-edit"), license_id="notspecified", save="")
        body = client.post(url, data=data, headers={"Authorization": admin["token"]}, status=200).body
        assert "лише відкриту ліцензію" in body
        assert model.Package.get(stock["id"]).license_id == "other-closed"

    def test_the_page_tells_editors_what_to_fix(self, app, admin, stock):
        url = tk.url_for("dataset.read", id=stock["name"])
        page = BeautifulSoup(app.get(url, headers={"Authorization": admin["token"]}).body, "html.parser")
        missing = page.select_one(".chervonohrad-missing").get_text(" ", strip=True)
        assert "Паспорту цього оприлюдненого набору даних ще бракує" in missing
        assert "Відповідальна особа: Обов'язкове в паспорті оприлюдненого набору даних" in missing
        invalid = page.select_one(".chervonohrad-invalid")
        fields = [item["data-field"] for item in invalid.select("li")]
        assert fields == ["language", "update_frequency", "license_id", "topic", "format"]
        text = invalid.get_text(" ", strip=True)
        assert "Мова: «ukr» — невідоме значення: оберіть значення зі списку (пропоноване значення: «uk»)" in text
        assert "Ресурс «Дані», Формат: «csv» — невідомий формат" in text
        assert "Періодичність оновлення: «коли є час» — невідоме значення" in text
        assert "Ліцензія: «other-closed» — не відкрита ліцензія" in text
        anonymous = app.get(url).body
        assert "chervonohrad-invalid" not in anonymous and "chervonohrad-missing" not in anonymous


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_resource_form_adds_a_structure_file(app, admin, stock):
    client = app.test_client()
    url = tk.url_for("dataset_resource.new", id=stock["name"])
    page = BeautifulSoup(client.get(url, headers={"Authorization": admin["token"]}).body, "html.parser")
    data = dict(form_data(page, "form#resource-edit"), url="https://data.example/budget-structure.json",
                name="Структура", format="JSON", resource_role="structure", save="go-metadata")
    client.post(url, data=data, headers={"Authorization": admin["token"]}, status=302, follow_redirects=False)
    roles = [r.get("resource_role") for r in call_action("package_show", id=stock["id"])["resources"]]
    assert "structure" in roles  # (CKAN 2.12 leaves the stock file it did not change without a role: "data")


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestOrganizationEditForm:
    def test_its_admin_saves_a_description(self, app, admin):
        org = legacy.organization(admin=admin["name"], publisher_type="council")
        client = app.test_client()
        url = tk.url_for("organization.edit", id=org["name"])
        page = BeautifulSoup(client.get(url, headers={"Authorization": admin["token"]}).body, "html.parser")
        # Nothing is chosen for it silently: the empty hromada stays empty, the unknown type shown.
        assert selected(page, "hromada")["value"] == ""
        assert selected(page, "publisher_type").text == "council — невідоме значення, оберіть зі списку"
        form = page.select_one("select[name=hromada]").find_parent("form")
        form["id"] = form.get("id") or "organization-form"
        data = dict(form_data(page, "#" + form["id"]), description="Відділ освіти громади", save="")
        client.post(url, data=data, headers={"Authorization": admin["token"]}, status=302, follow_redirects=False)
        shown = call_action("organization_show", id=org["id"])
        assert shown["description"] == "Відділ освіти громади"
        assert shown["publisher_type"] == "council" and not shown.get("hromada") and not shown.get("edrpou")
