"""A publisher's own admins cannot change its hromada (which council oversees it) or its
EDRPOU code (which harvested datasets land in it): only regional administrators can, and
a council officer only between their own hromadas. Leaving them as they are, however
the stored value is spelt, is never a change."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hromada.officers import SHEPTYTSKA, SOKALSKA, edrpou, name_officer, publisher_in

THIRD = "UA46060010000049728"  # a third hromada of the oblast
OWN_CODE = "14360570"
OTHER_CODE = edrpou("2616280")  # another body's (valid) code
HROMADA_REFUSED = "Змінити «Громаду» розпорядника (зараз UA46120130000026331) може лише регіональний адміністратор"
EDRPOU_REFUSED = "Змінити «Код ЄДРПОУ» розпорядника (зараз 14360570) може лише регіональний адміністратор"

pytestmark = pytest.mark.usefixtures("clean_db")


def act(user: dict, action: str, **data):
    return call_action(action, context={"user": user["name"], "ignore_auth": False}, **data)


def refused(user: dict, action: str, **data) -> dict:
    with pytest.raises(tk.ValidationError) as raised:
        act(user, action, **data)
    return raised.value.error_dict


def shown(org: dict) -> dict:
    """The publisher as organization_show gives it, members included (an update without
    them would drop them: CKAN's own semantics)."""
    return call_action("organization_show", id=org["id"], include_users=True)


def stored(org: dict) -> dict:
    return model.Group.get(org["id"]).extras


@pytest.fixture
def org_admin():
    return factories.UserWithToken()


@pytest.fixture
def publisher(org_admin):
    return publisher_in(SHEPTYTSKA, "finupravlinnia", edrpou=OWN_CODE,
                        users=[{"name": org_admin["name"], "capacity": "admin"}])


def test_the_vocabulary_knows_the_hromadas_these_tests_use():
    from ckanext.chervonohrad.hromada import vocabulary

    assert all(vocabulary.exists(code) for code in (SHEPTYTSKA, SOKALSKA, THIRD))


@pytest.mark.usefixtures("ukrainian")
class TestPublishersOwnAdmin:
    def test_cannot_move_the_publisher_to_another_hromada(self, org_admin, publisher):
        errors = refused(org_admin, "organization_patch", id=publisher["id"], hromada=SOKALSKA)
        assert list(errors) == ["hromada"] and errors["hromada"][0].startswith(HROMADA_REFUSED)
        assert stored(publisher)["hromada"] == SHEPTYTSKA

    def test_cannot_take_another_bodys_edrpou(self, org_admin, publisher):
        errors = refused(org_admin, "organization_patch", id=publisher["id"], edrpou=OTHER_CODE)
        assert list(errors) == ["edrpou"] and errors["edrpou"][0].startswith(EDRPOU_REFUSED)
        assert stored(publisher)["edrpou"] == OWN_CODE

    def test_nothing_else_of_a_refused_update_is_written(self, org_admin, publisher):
        refused(org_admin, "organization_patch", id=publisher["id"], hromada=SOKALSKA, description="Нове")
        assert model.Group.get(publisher["id"]).description == publisher["description"]

    def test_updates_the_description_leaving_them_as_they_are(self, org_admin, publisher):
        act(org_admin, "organization_update", **dict(shown(publisher), description="Фінансове управління громади"))
        act(org_admin, "organization_patch", id=publisher["id"], description="Ще раз")
        assert model.Group.get(publisher["id"]).description == "Ще раз"
        assert stored(publisher)["hromada"] == SHEPTYTSKA and stored(publisher)["edrpou"] == OWN_CODE

    def test_the_same_value_spelt_differently_is_no_change(self, org_admin, publisher):
        act(org_admin, "organization_patch", id=publisher["id"], edrpou=f" {OWN_CODE} ",
            hromada=SHEPTYTSKA.lower(), description="Без змін")
        assert stored(publisher)["hromada"] == SHEPTYTSKA and stored(publisher)["edrpou"] == OWN_CODE

    def test_legacy_spellings_stored_before_are_no_change_either(self, org_admin, publisher):
        group = model.Group.get(publisher["id"])
        group.extras["edrpou"], group.extras["hromada"] = f"{OWN_CODE} ", f" {SHEPTYTSKA.lower()}"
        model.Session.commit()
        act(org_admin, "organization_update", **dict(shown(publisher), description="Опис змінено"))
        assert stored(publisher)["hromada"] == SHEPTYTSKA and stored(publisher)["edrpou"] == OWN_CODE

    def test_cannot_fill_in_a_missing_edrpou_either(self, org_admin, publisher):
        """An old publisher without a code: setting one is choosing whose harvested datasets it gets."""
        group = model.Group.get(publisher["id"])
        del group.extras["edrpou"]
        model.Session.commit()
        errors = refused(org_admin, "organization_patch", id=publisher["id"], edrpou=OTHER_CODE)
        assert "може лише регіональний адміністратор" in errors["edrpou"][0]
        assert "(зараз —)" in errors["edrpou"][0]


@pytest.mark.usefixtures("ukrainian")
class TestRegionalAdministrator:
    def test_changes_both(self, publisher):
        admin = factories.Sysadmin()
        act(admin, "organization_patch", id=publisher["id"], hromada=SOKALSKA, edrpou=OTHER_CODE)
        assert stored(publisher)["hromada"] == SOKALSKA and stored(publisher)["edrpou"] == OTHER_CODE

    def test_creating_a_publisher_sets_them_as_before(self):
        admin = factories.Sysadmin()
        created = act(admin, "organization_create", name="nova-rada", title="Нова рада", edrpou=OTHER_CODE,
                      publisher_type="executive_body", hromada=THIRD)
        assert stored(created)["hromada"] == THIRD


@pytest.mark.usefixtures("ukrainian")
class TestCouncilOfficer:
    """An officer who is also the publisher's admin (council officers are not members otherwise)."""

    def test_moves_a_publisher_between_their_own_hromadas(self, org_admin, publisher):
        name_officer(org_admin, SHEPTYTSKA)
        name_officer(org_admin, SOKALSKA)
        act(org_admin, "organization_patch", id=publisher["id"], hromada=SOKALSKA)
        assert stored(publisher)["hromada"] == SOKALSKA

    def test_cannot_move_it_out_of_their_oversight(self, org_admin, publisher):
        name_officer(org_admin, SHEPTYTSKA)
        errors = refused(org_admin, "organization_patch", id=publisher["id"], hromada=THIRD)
        assert errors["hromada"][0].startswith(HROMADA_REFUSED)

    def test_cannot_take_in_a_publisher_of_another_hromada(self, org_admin, publisher):
        name_officer(org_admin, SOKALSKA)
        refused(org_admin, "organization_patch", id=publisher["id"], hromada=SOKALSKA)
        assert stored(publisher)["hromada"] == SHEPTYTSKA

    def test_cannot_change_the_edrpou(self, org_admin, publisher):
        name_officer(org_admin, SHEPTYTSKA)
        errors = refused(org_admin, "organization_patch", id=publisher["id"], edrpou=OTHER_CODE)
        assert errors["edrpou"][0].startswith(EDRPOU_REFUSED)


def edit_form(client, url: str, headers: dict) -> dict:
    """The organization form's fields as the browser would send them back."""
    form = BeautifulSoup(client.get(url, headers=headers).body, "html.parser").select_one("form.dataset-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("checkbox", "radio", "submit", "file") or field.has_attr("checked")}
    data.update({field["name"]: field.text for field in form.select("textarea[name]")})
    data.update({s["name"]: (s.select_one("option[selected]") or {"value": ""})["value"]
                 for s in form.select("select[name]")})
    return data


class TestTheForm:
    def test_refuses_a_move_with_the_field_named(self, app, org_admin, publisher):
        headers = {"Authorization": org_admin["token"]}
        client = app.test_client()
        url = tk.url_for("organization.edit", id=publisher["name"])
        data = edit_form(client, url, headers)
        assert data["hromada"] == SHEPTYTSKA and data["edrpou"] == OWN_CODE
        data.update(hromada=SOKALSKA, description="Спроба", save="")
        body = client.post(url, data=data, headers=headers, status=200).body
        assert HROMADA_REFUSED in body
        assert stored(publisher)["hromada"] == SHEPTYTSKA
        assert model.Group.get(publisher["id"]).description == publisher["description"]

    def test_saves_the_description_sent_with_the_fields_unchanged(self, app, org_admin, publisher):
        headers = {"Authorization": org_admin["token"]}
        client = app.test_client()
        url = tk.url_for("organization.edit", id=publisher["name"])
        data = edit_form(client, url, headers)
        data.update(description="Фінансове управління", save="")
        client.post(url, data=data, headers=headers, status=302, follow_redirects=False)
        assert model.Group.get(publisher["id"]).description == "Фінансове управління"
