"""The stack is real: PostgreSQL, Solr and Redis answer, with the extension loaded."""
from __future__ import annotations

import factory
import pytest
import requests
import sqlalchemy as sa

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.factories import PassportDataset, Publisher


def test_plugins_loaded():
    for name in ("chervonohrad", "scheming_datasets", "scheming_organizations", "harvest"):
        assert plugins.plugin_loaded(name), name


def test_ukrainian_is_the_default_language(ckan_config):
    assert ckan_config["ckan.locale_default"] == "uk"
    assert ckan_config["ckan.locales_offered"] == ["uk", "en"]


@pytest.mark.usefixtures("clean_db")
def test_migrations_of_harvest_and_this_extension_applied():
    inspector = sa.inspect(model.Session.get_bind())
    tables = set(inspector.get_table_names())
    assert {"harvest_source", "harvest_job", "harvest_object"} <= tables
    assert "chervonohrad_alembic_version" in tables


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_created_through_the_api_is_found_by_solr(ckan_config):
    publisher = factories.User()
    org = Publisher(title="Фінансове управління", users=[{"name": publisher["name"], "capacity": "editor"}])
    passport = factory.build(dict, FACTORY_CLASS=PassportDataset)
    passport.update(
        name="dokhody-biudzhetu",
        title="Доходи бюджету громади",
        notes="Планові та фактичні надходження податків і зборів",
        owner_org=org["id"],
    )
    dataset = call_action("package_create", context={"user": publisher["name"], "ignore_auth": False}, **passport)

    found = call_action("package_search", q="надходження")
    assert [d["id"] for d in found["results"]] == [dataset["id"]]
    assert call_action("package_search", q="водопостачання")["count"] == 0

    # Straight from the Solr core the tests use: the document really is indexed there.
    solr = requests.get(
        ckan_config["solr_url"] + "/select",
        params={"q": f'id:"{dataset["id"]}"', "wt": "json"},
        timeout=10,
    ).json()
    assert solr["response"]["numFound"] == 1
    assert solr["response"]["docs"][0]["organization"] == org["name"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_organization_is_listed_from_the_index():
    org = Publisher(title="КП «Шептицькавтотранс»")
    PassportDataset(owner_org=org["id"], title="Зупинки громадського транспорту")
    listed = call_action("organization_list", all_fields=True, include_dataset_count=True)
    assert [(o["name"], o["package_count"]) for o in listed] == [(org["name"], 1)]


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPagesRender:
    def test_home_page_in_ukrainian(self, app):
        body = app.get("/").body
        assert "Локальний портал відкритих даних Львівської області" in body
        assert 'lang="uk"' in body

    def test_home_page_in_english(self, app):
        body = app.get("/en/").body
        assert 'lang="en"' in body

    def test_dataset_search_page(self, app):
        org = Publisher()
        PassportDataset(owner_org=org["id"], title="Реєстр зелених насаджень")
        body = app.get("/dataset/?q=насаджень").body
        assert "Реєстр зелених насаджень" in body
        assert "Знайдено 1 набір даних" in body or "1 набір даних" in body

    def test_dataset_page(self, app):
        org = Publisher()
        dataset = PassportDataset(owner_org=org["id"], title="Черга до закладів дошкільної освіти")
        body = app.get(tk.url_for("dataset.read", id=dataset["name"])).body
        assert "Черга до закладів дошкільної освіти" in body

    def test_organization_page(self, app):
        org = Publisher(title="Управління освіти")
        PassportDataset(owner_org=org["id"], title="Мережа закладів освіти")
        body = app.get(tk.url_for("organization.read", id=org["name"])).body
        assert "Управління освіти" in body
        assert "Мережа закладів освіти" in body

    def test_unknown_dataset_is_a_404(self, app):
        app.get("/dataset/nemaie-takoho", status=404)


@pytest.mark.usefixtures("clean_db")
class TestHarvestPages:
    def test_source_list_answers(self, app):
        assert app.get("/harvest").status_code == 200

    def test_new_source_form_for_sysadmin(self, app):
        sysadmin = factories.SysadminWithToken()
        response = app.get("/harvest/new", headers={"Authorization": sysadmin["token"]})
        assert response.status_code == 200
        assert 'name="url"' in response.body

    def test_new_source_form_refused_to_anonymous(self, app):
        response = app.get("/harvest/new", status=403)
        assert response.status_code == 403

    def test_new_source_form_refused_to_plain_user(self, app):
        user = factories.UserWithToken()
        app.get("/harvest/new", headers={"Authorization": user["token"]}, status=403)
