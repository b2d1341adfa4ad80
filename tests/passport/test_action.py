from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from tests.factories import PassportDataset, Publisher


class TestList835:
    def test_whole_list_with_its_source(self):
        result = call_action("chervonohrad_passport_835_list")
        assert result["count"] == len(result["items"]) > 70
        assert "835" in result["source"]
        ids = [item["id"] for item in result["items"]]
        assert len(ids) == len(set(ids))
        assert {"all-dataset-register", "lsg-public-transport-stops"} <= set(ids)

    def test_every_item_is_complete(self):
        for item in call_action("chervonohrad_passport_835_list")["items"]:
            assert item["title"]["uk"] and item["title"]["en"], item["id"]
            assert item["section"] in ("all_publishers", "local_self_government")
            assert item["publisher_types"], item["id"]
            assert item["source"], item["id"]

    def test_filter_by_section(self):
        items = call_action("chervonohrad_passport_835_list", section="all_publishers")["items"]
        assert items and all(i["section"] == "all_publishers" for i in items)

    def test_filter_by_publisher_type(self):
        everything = call_action("chervonohrad_passport_835_list")["count"]
        enterprise = call_action("chervonohrad_passport_835_list", publisher_type="communal_enterprise")["items"]
        assert 0 < len(enterprise) < everything
        assert all("communal_enterprise" in i["publisher_types"] for i in enterprise)

    @pytest.mark.parametrize("params", [{"section": "ministries"}, {"publisher_type": "bank"}])
    def test_unknown_filters_are_refused(self, params):
        with pytest.raises(tk.ValidationError) as raised:
            call_action("chervonohrad_passport_835_list", **params)
        assert list(raised.value.error_dict) == list(params)

    @pytest.mark.usefixtures("clean_db")
    def test_anyone_may_read_it(self):
        assert call_auth("chervonohrad_passport_835_list", {"user": None})

    @pytest.mark.usefixtures("clean_db")
    def test_through_http_for_anonymous(self, app):
        body = app.get("/api/3/action/chervonohrad_passport_835_list?section=local_self_government").json
        assert body["success"] and body["result"]["count"] > 50


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPassportShow:
    def test_rows_and_nothing_missing(self):
        org = Publisher(title="Фінансове управління", edrpou="26510514")
        dataset = PassportDataset(owner_org=org["id"], title="Бюджет громади")
        passport = call_action("chervonohrad_passport_show", id=dataset["name"])
        rows = {r["field"]: r["value"] for r in passport["rows"]}
        assert rows["title"] == "Бюджет громади"
        assert rows["publisher"].startswith("Фінансове управління, ЄДРПОУ 26510514")
        assert passport["missing"] == []

    def test_english_labels(self):
        dataset = PassportDataset()
        rows = call_action("chervonohrad_passport_show", id=dataset["id"], lang="en")["rows"]
        assert rows[9]["label"] == "Update frequency" and rows[9]["value"] == "Once a month"

    def test_draft_lists_what_is_missing(self):
        user = factories.User()
        org = Publisher(users=[{"name": user["name"], "capacity": "editor"}])
        draft = PassportDataset(owner_org=org["id"], state="draft", maintainer_email="", resources=[], user=user)
        missing = call_action("chervonohrad_passport_show", context={"user": user["name"]}, id=draft["id"])["missing"]
        assert missing == [
            {"field": "maintainer_email", "reason": "required"},
            {"field": "resources", "reason": "no_data_resource"},
            {"field": "resources", "reason": "no_structure_resource"},
        ]

    def test_unknown_dataset(self):
        with pytest.raises(tk.ObjectNotFound):
            call_action("chervonohrad_passport_show", id="nemaie")

    def test_missing_id(self):
        with pytest.raises(tk.ValidationError) as raised:
            call_action("chervonohrad_passport_show")
        assert "id" in raised.value.error_dict

    def test_private_dataset_is_hidden_from_outsiders(self):
        member = factories.User()
        org = Publisher(users=[{"name": member["name"], "capacity": "member"}])
        dataset = PassportDataset(owner_org=org["id"], private=True)
        assert call_auth("chervonohrad_passport_show", {"user": member["name"]}, id=dataset["id"])
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_passport_show", {"user": factories.User()["name"]}, id=dataset["id"])
        with pytest.raises(tk.NotAuthorized):
            call_auth("chervonohrad_passport_show", {"user": None}, id=dataset["id"])


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestResourceDelete:
    def test_last_structure_file_of_a_public_dataset_stays(self):
        sysadmin = factories.Sysadmin()
        dataset = PassportDataset()
        structure = [r for r in dataset["resources"] if r["resource_role"] == "structure"][0]
        with pytest.raises(tk.ValidationError) as raised:
            call_action("resource_delete", context={"user": sysadmin["name"]}, id=structure["id"])
        assert "структури набору даних" in raised.value.error_dict["resource_role"][0]
        assert len(call_action("package_show", id=dataset["id"])["resources"]) == 2

    def test_documentation_may_go(self):
        sysadmin = factories.Sysadmin()
        dataset = PassportDataset()
        doc = call_action("resource_create", context={"user": sysadmin["name"]}, package_id=dataset["id"],
                          url="https://data.example/manual.pdf", format="PDF", resource_role="documentation")
        call_action("resource_delete", context={"user": sysadmin["name"]}, id=doc["id"])
        assert len(call_action("package_show", id=dataset["id"])["resources"]) == 2

    def test_a_drafts_files_may_go(self):
        sysadmin = factories.Sysadmin()
        draft = PassportDataset(state="draft")
        for resource in draft["resources"]:
            call_action("resource_delete", context={"user": sysadmin["name"]}, id=resource["id"])
        assert call_action("package_show", context={"user": sysadmin["name"]}, id=draft["id"])["resources"] == []
