from __future__ import annotations

import pytest

from ckan.tests import factories

from ckanext.chervonohrad.common.admins import is_regional_admin
from tests.factories import Publisher


@pytest.mark.usefixtures("clean_db")
class TestIsRegionalAdmin:
    def test_sysadmin_is(self):
        assert is_regional_admin(factories.Sysadmin()["name"])

    def test_user_named_in_config_is(self):
        factories.User(name="oblast-coordinator")
        assert is_regional_admin("oblast-coordinator")

    @pytest.mark.ckan_config("ckanext.chervonohrad.regional_admins", "someone-else")
    def test_user_dropped_from_config_is_not(self):
        factories.User(name="oblast-coordinator")
        assert not is_regional_admin("oblast-coordinator")

    def test_plain_user_is_not(self):
        assert not is_regional_admin(factories.User()["name"])

    def test_organization_admin_is_not(self):
        user = factories.User()
        Publisher(users=[{"name": user["name"], "capacity": "admin"}])
        assert not is_regional_admin(user["name"])

    def test_deleted_sysadmin_is_not(self):
        assert not is_regional_admin(factories.Sysadmin(state="deleted")["name"])

    def test_anonymous_is_not(self):
        assert not is_regional_admin(None)
        assert not is_regional_admin("")
