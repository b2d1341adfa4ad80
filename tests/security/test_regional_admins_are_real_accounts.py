"""Regional administrators are existing, active accounts: `ckanext.chervonohrad.regional_admins`
names them by id or by user name, and a listed name cannot be claimed by registering or
renaming an account (only a sysadmin may). Also: consent cannot be skipped through the API."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.registration.model import PublisherApplication
from tests.factories import Publisher
from tests.registration.test_action import act, application_data

CONFIGURED = "oblast-coordinator"  # test.ini


@pytest.mark.usefixtures("clean_db", "ukrainian")
class TestWhoIsOne:
    def test_a_configured_name_nobody_holds_grants_nothing(self):
        assert not is_regional_admin(CONFIGURED)
        assert access.overseen_hromadas(CONFIGURED) == set()

    def test_the_account_holding_the_configured_name(self):
        user = factories.User(name=CONFIGURED)  # created by a sysadmin (the site user)
        assert is_regional_admin(CONFIGURED) and is_regional_admin(user["id"])
        assert access.overseen_hromadas(CONFIGURED) is None  # every hromada

    def test_a_deleted_or_pending_account_is_not_one(self):
        user = factories.User(name=CONFIGURED)
        for state in ("deleted", "pending"):
            model.User.get(user["id"]).state = state
            model.Session.commit()
            assert not is_regional_admin(CONFIGURED)

    def test_an_account_named_by_id(self, ckan_config, monkeypatch):
        user = factories.User()
        monkeypatch.setitem(ckan_config, "ckanext.chervonohrad.regional_admins", f"someone-else {user['id']}")
        assert is_regional_admin(user["name"]) and is_regional_admin(user["id"])
        assert not is_regional_admin(factories.User()["name"])

    def test_sysadmins_are_and_other_users_are_not(self):
        assert is_regional_admin(factories.Sysadmin()["name"])
        assert not is_regional_admin(factories.User()["name"])
        assert not is_regional_admin(None) and not is_regional_admin("")

    def test_an_impostor_cannot_decide_applications(self):
        applicant = factories.User()
        application = act("chervonohrad_registration_application_create", applicant, **application_data())
        with pytest.raises(tk.ValidationError):
            call_action("user_create", context={"user": None, "ignore_auth": False}, name=CONFIGURED,
                        email="impostor@example.com", password="Impostor-passw0rd")
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_approve", {"name": CONFIGURED}, id=application["id"])


@pytest.mark.usefixtures("clean_db", "ukrainian")
class TestTheNameIsReserved:
    def test_a_visitor_may_not_register_it(self):
        with pytest.raises(tk.ValidationError) as raised:
            call_action("user_create", context={"user": None, "ignore_auth": False}, name=CONFIGURED,
                        email="impostor@example.com", password="Impostor-passw0rd")
        assert raised.value.error_dict["name"] == ["Це ім'я користувача зарезервоване; оберіть інше"]
        assert model.User.get(CONFIGURED) is None

    def test_the_sign_up_page_refuses_it(self, app):
        app.post("/user/register", data={"name": CONFIGURED, "fullname": "Impostor", "email": "i@example.com",
                                         "password1": "Impostor-passw0rd", "password2": "Impostor-passw0rd"})
        assert model.User.get(CONFIGURED) is None

    def test_a_user_may_not_rename_themselves_to_it(self):
        user = factories.User()
        with pytest.raises(tk.ValidationError):
            call_action("user_update", context={"user": user["name"], "ignore_auth": False},
                        id=user["id"], name=CONFIGURED, email=user["email"])
        assert model.User.get(CONFIGURED) is None

    def test_a_publishers_admin_may_not_invite_it_into_being(self):
        admin = factories.User()
        org = Publisher(users=[{"name": admin["name"], "capacity": "admin"}])
        with pytest.raises(tk.ValidationError):
            call_action("user_invite", context={"user": admin["name"]}, email=f"{CONFIGURED}@example.com",
                        group_id=org["id"], role="editor")
        assert model.User.get(CONFIGURED) is None

    def test_a_sysadmin_may_create_it_and_other_names_are_free(self):
        sysadmin = factories.Sysadmin()
        call_action("user_create", context={"user": sysadmin["name"], "ignore_auth": False}, name=CONFIGURED,
                    email="coordinator@oblast.example", password="Coordinator-passw0rd")
        assert is_regional_admin(CONFIGURED)
        call_action("user_create", context={"user": None, "ignore_auth": False}, name="ordinary-citizen",
                    email="citizen@example.com", password="Citizen-passw0rd")
        user = model.User.get("ordinary-citizen")
        call_action("user_update", context={"user": "ordinary-citizen", "ignore_auth": False}, id=user.id,
                    name="ordinary-citizen", email="citizen@example.com", fullname="Громадянин")


@pytest.mark.usefixtures("clean_db", "clean_redis", "ukrainian")
class TestConsentThroughTheApi:
    def test_a_missing_consent_is_refused(self):
        data = application_data()
        del data["consent"]
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_create", factories.User(), **data)
        assert raised.value.error_dict["consent"] == ["Потрібна згода на обробку персональних даних"]
        assert model.Session.query(PublisherApplication).count() == 0

    def test_an_update_without_consent_is_refused(self, smtp_inbox):
        applicant = factories.User()
        application = act("chervonohrad_registration_application_create", applicant, **application_data())
        data = application_data(document_number="130-р")
        del data["consent"]
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_update", applicant, id=application["id"], **data)
        assert "consent" in raised.value.error_dict
        assert model.Session.get(PublisherApplication, application["id"]).document_number == "125-р"
