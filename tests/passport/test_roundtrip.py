"""Every passport field survives create → show → update, through the action API and
through ckanapi, a real client, against the portal served over HTTP."""
from __future__ import annotations

import ckanapi
import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.factories import SAMPLE_PASSPORT, SAMPLE_RESOURCES, Publisher

FIELDS = SAMPLE_PASSPORT
RESOURCES = SAMPLE_RESOURCES
CHANGED = {
    "update_frequency": "once a month", "language": "en", "topic": "rehionalnyi-rozvytok",
    "list835_item": "none", "data_current_as_of": "2026-10-31", "temporal_end": "2026-10-31",
    "maintainer_email": "stops@sheptytskyi.example", "license_id": "cc-zero", "version": "3.1",
}


def assert_fields(dataset: dict, expected: dict) -> None:
    for key, value in expected.items():
        assert dataset[key] == value, key


def assert_resources(dataset: dict) -> None:
    for got, sent in zip(dataset["resources"], RESOURCES, strict=True):
        for key, value in sent.items():
            assert got[key] == value, key


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestActionRoundTrip:
    def test_create_show_update(self):
        user = factories.User()
        org = Publisher(users=[{"name": user["name"], "capacity": "editor"}])
        context = {"user": user["name"], "ignore_auth": False}
        created = call_action("package_create", context=dict(context), name="zupynky", owner_org=org["id"],
                              tags=[{"name": "транспорт"}], resources=RESOURCES, **FIELDS)
        shown = call_action("package_show", id="zupynky")
        for dataset in (created, shown):
            assert_fields(dataset, FIELDS)
            assert_resources(dataset)
            assert [t["name"] for t in dataset["tags"]] == ["транспорт"]

        updated = call_action("package_update", context=dict(context), **dict(shown, **CHANGED))
        assert_fields(updated, dict(FIELDS, **CHANGED))
        assert_fields(call_action("package_show", id="zupynky"), dict(FIELDS, **CHANGED))

    def test_datagovua_names_in_package_show_and_search(self):
        org = Publisher(edrpou="26162800", hromada="UA46120130000026331", publisher_type="communal_enterprise")
        call_action("package_create", context={"user": factories.Sysadmin()["name"]}, name="zupynky",
                    owner_org=org["id"], tags=[{"name": "транспорт"}], resources=RESOURCES, **FIELDS)
        shown = call_action("package_show", id="zupynky")
        found = call_action("package_search", q="name:zupynky")["results"][0]
        for dataset in (shown, found):
            for key in ("update_frequency", "purpose_of_collecting_information", "language", "maintainer",
                        "maintainer_email", "version"):
                assert dataset[key] == FIELDS[key], key
            assert dataset["license_id"] == "cc-by"
            assert dataset["organization"]["edrpou"] == "26162800"
            assert dataset["organization"]["hromada"] == "UA46120130000026331"


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestCkanapiRoundTrip:
    def test_create_show_update_over_http(self, live_server):
        user = factories.UserWithToken()
        org = Publisher(users=[{"name": user["name"], "capacity": "editor"}])
        portal = ckanapi.RemoteCKAN(live_server, apikey=user["token"], user_agent="chervonohrad-tests")

        created = portal.action.package_create(name="zupynky", owner_org=org["id"], tags=[{"name": "транспорт"}],
                                               resources=RESOURCES, **FIELDS)
        assert_fields(created, FIELDS)
        shown = ckanapi.RemoteCKAN(live_server).action.package_show(id="zupynky")  # anonymous reader
        assert_fields(shown, FIELDS)
        assert_resources(shown)

        patched = portal.action.package_patch(id="zupynky", **CHANGED)
        assert_fields(patched, dict(FIELDS, **CHANGED))

    def test_bad_input_is_a_validation_error_naming_the_field(self, live_server):
        user = factories.UserWithToken()
        org = Publisher(users=[{"name": user["name"], "capacity": "editor"}])
        portal = ckanapi.RemoteCKAN(live_server, apikey=user["token"], user_agent="chervonohrad-tests")
        with pytest.raises(ckanapi.ValidationError) as raised:
            portal.action.package_create(name="zupynky", owner_org=org["id"], tags=[{"name": "транспорт"}],
                                         resources=RESOURCES, **dict(FIELDS, update_frequency="коли заманеться"))
        assert raised.value.error_dict["update_frequency"] == [
            "Невідоме значення «коли заманеться»: оберіть значення зі списку"]

    def test_outsider_may_not_create(self, live_server):
        outsider = factories.UserWithToken()
        org = Publisher()
        portal = ckanapi.RemoteCKAN(live_server, apikey=outsider["token"], user_agent="chervonohrad-tests")
        with pytest.raises(ckanapi.NotAuthorized):
            portal.action.package_create(name="zupynky", owner_org=org["id"], tags=[{"name": "транспорт"}],
                                         resources=RESOURCES, **FIELDS)
