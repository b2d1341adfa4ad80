"""Two publishers never carry one EDRPOU code: the code says which body a publisher is, and
so which harvested datasets land in it (#17 item 4). Only a code being set or changed is
checked: duplicates a portal held before stay editable for the operator to resolve."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common import extras
from tests.factories import Publisher
from tests.hromada.officers import SHEPTYTSKA, edrpou

TAKEN = edrpou("2616280")
FREE = edrpou("4410667")

pytestmark = pytest.mark.usefixtures("clean_db", "ukrainian")


def as_admin(action: str, **data):
    return call_action(action, context={"user": factories.Sysadmin()["name"], "ignore_auth": False}, **data)


@pytest.fixture
def holder():
    return Publisher(name="upravlinnia-osvity", title="Управління освіти", edrpou=TAKEN)


def test_a_new_publisher_cannot_take_a_code_another_holds(holder):
    with pytest.raises(tk.ValidationError) as raised:
        as_admin("organization_create", name="druhyi", title="Другий", edrpou=TAKEN,
                 publisher_type="executive_body", hromada=SHEPTYTSKA)
    assert raised.value.error_dict["edrpou"] == [
        f"Розпорядник з кодом ЄДРПОУ {TAKEN} уже зареєстрований: «Управління освіти»"]
    assert model.Group.get("druhyi") is None


def test_a_publisher_cannot_change_to_a_code_another_holds(holder):
    other = Publisher(name="finupravlinnia", edrpou=FREE)
    with pytest.raises(tk.ValidationError, match="Управління освіти"):
        as_admin("organization_patch", id=other["id"], edrpou=TAKEN)
    assert model.Group.get(other["id"]).extras["edrpou"] == FREE


def test_a_publisher_keeps_its_own_code_and_a_deleted_ones_code_is_free(holder):
    as_admin("organization_patch", id=holder["id"], description="Оновлений опис")
    as_admin("organization_delete", id=holder["id"])
    created = as_admin("organization_create", name="nastupnyk", title="Наступник", edrpou=TAKEN,
                       publisher_type="executive_body", hromada=SHEPTYTSKA)
    assert model.Group.get(created["id"]).extras["edrpou"] == TAKEN


def test_duplicates_stored_before_the_rule_stay_editable(holder):
    """An older portal may hold two organizations with one code (written before this rule):
    editing either without touching the code still saves."""
    twin = Publisher(name="dviinyk", edrpou=FREE)
    extras.set_value(model.Group.get(twin["id"]), "edrpou", TAKEN)  # behind the validators' back
    model.Session.commit()
    as_admin("organization_patch", id=twin["id"], description="Опис змінено")
    assert model.Group.get(twin["id"]).description == "Опис змінено"
