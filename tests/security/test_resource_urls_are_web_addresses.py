"""Resource links (and the publisher's website and logo) are http(s) addresses or uploads;
nothing a publisher types runs in a visitor's browser. Links stored before the check are
shown unlinked on every page, and their dataset's editors are told which to fix."""
from __future__ import annotations

import io
import uuid

import factory
import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.search import rebuild
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.passport import rules
from ckanext.chervonohrad.passport.helpers import chervonohrad_safe_url
from tests.factories import PassportDataset, Publisher

SEEN = "javascript://x.csv%0aalert(document.domain)"  # stored on the demo portal
HOSTILE = [
    SEEN,
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://data.example/a.csv",
    "//evil.example/a.csv",
    "\\\\evil.example/a.csv",
    "/\\evil.example/a.csv",
    "http:evil.example",
    "https:\\\\evil.example",
    "https://",
    "https://data.example:port/a.csv",
    "budget.csv:x",
]
GOOD = [
    "https://data.example/budget.csv",
    "HTTP://DATA.EXAMPLE/BUDGET.CSV",
    "https://рада.укр/дані/бюджет.csv",
    "https://data.example:8443/a.csv?x=1#y",
]
MESSAGE = "«Файл або посилання» має бути вебадресою, що починається з http:// або https://"


def hrefs_read_as_scripts(html: str) -> list[str]:
    """Every href or src on the page that a browser would not read as http(s) or a path here."""
    page = BeautifulSoup(html, "html.parser")
    found = []
    for tag in page.find_all(href=True) + page.find_all(src=True):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if value is None or value in ("", "javascript:void(0);") or value.startswith("#"):
                continue  # CKAN's own breadcrumb and collapse toggles
            if rules.link_kind(value) not in ("web", "relative"):
                found.append(value)
    return found


def passport(owner_org: str, **overrides) -> dict:
    fields = factory.build(dict, FACTORY_CLASS=PassportDataset)
    fields.update(owner_org=owner_org, name=f"nabir-{uuid.uuid4().hex[:12]}")
    fields.update(overrides)
    return fields


def as_user(user) -> dict:
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def editor():
    return factories.UserWithToken()


@pytest.fixture
def publisher(editor):
    return Publisher(users=[{"name": editor["name"], "capacity": "editor"}])


@pytest.fixture
def dataset(editor, publisher):
    return call_action("package_create", context=as_user(editor), **passport(publisher["id"]))


def store_behind_the_validators(resource_id: str, url: str) -> None:
    """A link saved before this check existed (or straight into the database)."""
    resource = model.Resource.get(resource_id)
    resource.url = url
    model.Session.commit()
    rebuild(resource.package_id)


class TestTheRule:
    @pytest.mark.parametrize("url", HOSTILE)
    def test_hostile_links_are_neither_stored_nor_linked(self, url):
        assert not rules.link_is_storable(url)
        assert not rules.link_is_storable(url, upload=True)
        assert chervonohrad_safe_url(url) == ""

    @pytest.mark.parametrize("url", GOOD)
    def test_web_addresses_are(self, url):
        assert rules.link_is_storable(url)
        assert chervonohrad_safe_url(url) == url

    def test_an_upload_may_be_its_stored_file_name(self):
        assert rules.link_is_storable("budget-2026.csv", upload=True)
        assert not rules.link_is_storable("budget-2026.csv")
        assert chervonohrad_safe_url("/dataset/x/resource/y/download/budget-2026.csv").startswith("/dataset/")

    def test_nothing_is_linked_for_nothing(self):
        assert rules.link_is_storable("") and rules.link_is_storable(None)
        assert chervonohrad_safe_url(None) == "" and chervonohrad_safe_url("") == ""


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestTheApi:
    @pytest.mark.parametrize("url", HOSTILE[:10])
    def test_a_new_dataset_with_such_a_link_is_refused_and_not_written(self, editor, publisher, url):
        data = passport(publisher["id"])
        data["resources"][0]["url"] = url
        with pytest.raises(tk.ValidationError) as raised:
            call_action("package_create", context=as_user(editor), **data)
        assert MESSAGE in str(raised.value.error_dict["resources"])
        with pytest.raises(tk.ObjectNotFound):
            call_action("package_show", id=data["name"])

    def test_resource_create_refuses_it(self, editor, dataset):
        with pytest.raises(tk.ValidationError) as raised:
            call_action("resource_create", context=as_user(editor), package_id=dataset["id"], url=SEEN,
                        format="CSV", resource_role="data")
        assert MESSAGE in str(raised.value.error_dict)
        assert "javascript://x.csv%0aalert(document.domain)" in str(raised.value.error_dict)
        assert len(call_action("package_show", id=dataset["id"])["resources"]) == 2

    def test_resource_patch_refuses_it_and_keeps_the_old_link(self, editor, dataset):
        resource = dataset["resources"][0]
        with pytest.raises(tk.ValidationError):
            call_action("resource_patch", context=as_user(editor), id=resource["id"], url="java\tscript:alert(1)")
        assert call_action("resource_show", id=resource["id"])["url"] == resource["url"]

    def test_an_upload_keeps_working(self, editor, dataset):
        upload = FileStorage(io.BytesIO(b"rik,suma\n2026,100\n"), filename="budget 2026.csv", content_type="text/csv")
        created = call_action("resource_create", context=as_user(editor), package_id=dataset["id"], upload=upload,
                              url="", format="CSV", resource_role="data")
        assert created["url_type"] == "upload"
        assert model.Resource.get(created["id"]).url == "budget-2026.csv"  # CKAN stores the file name
        assert created["url"].endswith("/download/budget-2026.csv") and rules.link_kind(created["url"]) == "web"
        # ...and the whole dataset, upload included, still saves.
        call_action("package_patch", context=as_user(editor), id=dataset["id"], title="Бюджет 2026")

    def test_an_upload_cannot_smuggle_a_scheme(self, editor, dataset):
        with pytest.raises(tk.ValidationError):
            call_action("resource_create", context=as_user(editor), package_id=dataset["id"], url_type="upload",
                        url="javascript:alert(1)", format="CSV", resource_role="data")

    @pytest.mark.parametrize("url", GOOD)
    def test_web_addresses_are_kept_as_given(self, editor, dataset, url):
        resource = call_action("resource_create", context=as_user(editor), package_id=dataset["id"], url=url,
                               format="CSV", resource_role="documentation")
        assert resource["url"] == url

    def test_the_publishers_website_and_logo_follow_the_same_rule(self, editor):
        admin = factories.Sysadmin()
        org = Publisher()
        for field, url, message in (("website", "javascript:alert(1)", "«Вебсайт» має бути вебадресою"),
                                    ("image_url", "data:image/svg+xml,<svg onload=alert(1)>",
                                     "«Логотип» має бути вебадресою")):
            with pytest.raises(tk.ValidationError) as raised:
                call_action("organization_patch", context=as_user(admin), id=org["id"], **{field: url})
            assert message in raised.value.error_dict[field][0]
        call_action("organization_patch", context=as_user(admin), id=org["id"],
                    website="https://рада.укр", image_url="https://рада.укр/герб.png")
        assert call_action("organization_show", id=org["id"])["website"] == "https://рада.укр"


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestOldLinks:
    """A link stored before the check: shown as text, never as an href; editors told."""

    @pytest.fixture
    def legacy(self, dataset):
        store_behind_the_validators(dataset["resources"][0]["id"], SEEN)
        return dataset

    def test_the_dataset_page_does_not_link_it(self, app, legacy):
        html = app.get(tk.url_for("dataset.read", id=legacy["name"])).body
        assert hrefs_read_as_scripts(html) == []
        assert "javascript:" not in "".join(a.get("href", "") for a in BeautifulSoup(html, "html.parser")("a"))
        row = BeautifulSoup(html, "html.parser").select_one("tr[data-field=data_links] td.dataset-details")
        assert row.select_one(".chervonohrad-unlinked").text == SEEN  # still readable, as text
        assert "chervonohrad-unsafe-links" not in html  # visitors are not told to fix anything

    def test_the_resource_page_does_not_link_it(self, app, legacy):
        resource = legacy["resources"][0]
        html = app.get(tk.url_for("dataset_resource.read", id=legacy["name"], resource_id=resource["id"])).body
        page = BeautifulSoup(html, "html.parser")
        assert hrefs_read_as_scripts(html) == []
        assert page.select_one("#resource-url-button") is None
        assert page.select_one("#resource-url .chervonohrad-unlinked").text == SEEN
        assert page.select_one("#resource-feedback") is not None

    def test_an_image_view_of_it_gets_no_source(self, app, legacy):
        resource = legacy["resources"][0]
        call_action("resource_view_create", context={"user": factories.Sysadmin()["name"]},
                    resource_id=resource["id"], view_type="image_view", title="Зображення")
        html = app.get(tk.url_for("dataset_resource.read", id=legacy["name"], resource_id=resource["id"])).body
        assert hrefs_read_as_scripts(html) == []

    def test_good_links_stay_linked(self, app, dataset):
        html = app.get(tk.url_for("dataset.read", id=dataset["name"])).body
        row = BeautifulSoup(html, "html.parser").select_one("tr[data-field=data_links] td.dataset-details")
        assert row.a["href"] == "https://data.example/budget.csv"
        resource = dataset["resources"][0]
        page = BeautifulSoup(app.get(tk.url_for("dataset_resource.read", id=dataset["name"],
                                                resource_id=resource["id"])).body, "html.parser")
        assert page.select_one("#resource-url-button")["href"] == "https://data.example/budget.csv"

    def test_editing_the_title_in_the_form_works_and_the_editor_is_told_what_to_fix(self, app, editor, legacy):
        headers = {"Authorization": editor["token"]}
        client = app.test_client()
        url = tk.url_for("dataset.edit", id=legacy["name"])
        form = BeautifulSoup(client.get(url, headers=headers).body, "html.parser").select_one("form#dataset-edit")
        data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
                if field.get("type") not in ("checkbox", "radio", "submit") or field.has_attr("checked")}
        data.update({field["name"]: field.text for field in form.select("textarea[name]")})
        data.update({s["name"]: (s.select_one("option[selected]") or {"value": ""})["value"]
                     for s in form.select("select[name]")})
        data.update(title="Бюджет громади (виправлено)", save="")
        response = client.post(url, data=data, headers=headers, status=302, follow_redirects=False)
        assert call_action("package_show", id=legacy["id"])["title"] == "Бюджет громади (виправлено)"
        page = BeautifulSoup(client.get(response.headers["Location"], headers=headers).body, "html.parser")
        told = page.select_one(".chervonohrad-unsafe-links").get_text(" ", strip=True)
        assert "Ресурс 1 «Дані»: «Файл або посилання» не є вебадресою" in told
        assert "відредагуйте ресурс" in told

    @pytest.mark.usefixtures("ukrainian")
    def test_the_api_names_the_link_to_fix(self, editor, legacy):
        # Content from before the check stays editable (#17): the stored link, sent back
        # unchanged, is kept (shown unlinked) and named in the result's warnings...
        patched = call_action("package_patch", context=as_user(editor), id=legacy["id"], title="Інша назва")
        assert patched["title"] == "Інша назва"
        [warning] = [w for w in patched["chervonohrad_warnings"] if w["field"] == "url"]
        assert warning["value"] == SEEN and "не вебадреса, що починається з http:// або https://" in warning["message"]
        # ...but a link typed now is checked as ever.
        resources = [dict(r) for r in patched["resources"]]
        resources[0]["url"] = "javascript:alert(2)"
        with pytest.raises(tk.ValidationError) as raised:
            call_action("package_patch", context=as_user(editor), id=legacy["id"], resources=resources)
        assert MESSAGE in str(raised.value.error_dict["resources"][0]["url"])

    def test_the_resource_form_refuses_it_with_the_field_named(self, app, editor, dataset):
        headers = {"Authorization": editor["token"]}
        client = app.test_client()
        resource = dataset["resources"][0]
        url = tk.url_for("dataset_resource.edit", id=dataset["name"], resource_id=resource["id"])
        token = BeautifulSoup(client.get(url, headers=headers).body, "html.parser").select_one(
            "input[name=_csrf_token]")
        data = {"url": "JAVASCRIPT:alert(document.cookie)", "name": "Дані", "format": "CSV",
                "resource_role": "data", "save": ""}
        if token is not None:
            data["_csrf_token"] = token["value"]
        body = client.post(url, data=data, headers=headers, status=200).body
        assert MESSAGE in body
        assert call_action("resource_show", id=resource["id"])["url"] == resource["url"]
