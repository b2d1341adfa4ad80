"""Who may use the hromada room: the list is public; regional administrators name officers
and assign publishers; an officer lists their own hromada's officers and no one else's."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_auth

from tests.hromada.officers import SHEPTYTSKA, SOKALSKA, name_officer

pytestmark = pytest.mark.usefixtures("clean_db")

ADMIN_ONLY = ("chervonohrad_hromada_officer_add", "chervonohrad_hromada_officer_remove",
              "chervonohrad_hromada_assign")


def may(action: str, user: dict | None, /, **data) -> bool:
    try:
        return call_auth(action, {"user": user["name"] if user else None}, **data)
    except tk.NotAuthorized:
        return False


@pytest.fixture
def officer():
    factories.Sysadmin()
    user = factories.User()
    name_officer(user, SHEPTYTSKA)
    return user


def test_anyone_lists_hromadas():
    assert may("chervonohrad_hromada_list", None)
    assert may("chervonohrad_hromada_list", factories.User())


@pytest.mark.parametrize("action", ADMIN_ONLY)
def test_only_regional_administrators_name_officers_and_assign(action, officer):
    data = {"hromada": SHEPTYTSKA, "user": officer["name"]}
    assert may(action, factories.Sysadmin(), **data)
    assert may(action, factories.User(name="oblast-coordinator"), **data)  # test.ini names this user
    assert not may(action, factories.User(), **data)
    assert not may(action, None, **data)
    assert not may(action, officer, **data)  # an officer does not name officers, even of their hromada


def test_officer_lists_their_own_hromadas_officers_only(officer):
    assert may("chervonohrad_hromada_officer_list", officer, hromada=SHEPTYTSKA)
    assert not may("chervonohrad_hromada_officer_list", officer, hromada=SOKALSKA)
    assert not may("chervonohrad_hromada_officer_list", officer)  # all hromadas: administrators only


def test_regional_admin_lists_every_hromadas_officers():
    admin = factories.User(name="oblast-coordinator")
    assert may("chervonohrad_hromada_officer_list", admin)
    assert may("chervonohrad_hromada_officer_list", admin, hromada=SOKALSKA)


def test_plain_user_and_visitor_list_no_officers():
    for user in (factories.User(), None):
        assert not may("chervonohrad_hromada_officer_list", user, hromada=SHEPTYTSKA)
        assert not may("chervonohrad_hromada_officer_list", user)
