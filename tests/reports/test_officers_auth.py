"""Council officers in the reports room: an officer of the hromada of `finance` and `water`
assigns their audit items and publishes their registers (API and pages); `archive`, of
another hromada, stays closed to them. Regional administrators keep every publisher."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.hromada.officers import SHEPTYTSKA, act, name_officer, withdraw_officer

pytestmark = pytest.mark.usefixtures("clean_redis")


def auth(user):
    return {"Authorization": user["token"]}


@pytest.fixture
def officer(portal):
    """A council officer of the hromada of finance and water (archive is another one's)."""
    factories.Sysadmin()
    user = factories.UserWithToken()
    name_officer(user, SHEPTYTSKA)
    return user


def assign(user, publisher: str, item: str = "all-org-structure"):
    return act("chervonohrad_reports_audit_assign", user, publisher=publisher, item=item,
               responsible="Гнатюк О. В.", due_date="2030-01-31")


class TestAuditAssignment:
    def test_officer_assigns_their_hromadas_items(self, officer):
        saved = assign(officer, "finance")
        assert (saved["responsible"], saved["updated_by"]) == ("Гнатюк О. В.", officer["name"])

    def test_officer_may_not_assign_another_hromadas(self, officer):
        with pytest.raises(tk.NotAuthorized):
            assign(officer, "archive")

    def test_plain_user_and_visitor_may_not(self, portal):
        for user in (factories.User(), None):
            with pytest.raises(tk.NotAuthorized):
                assign(user, "finance")

    def test_regional_admin_assigns_everywhere(self, portal):
        coordinator = {"name": "oblast-coordinator"}
        assert assign(coordinator, "finance")["publisher"] == "finance"
        assert assign(coordinator, "archive")["publisher"] == "archive"

    def test_pages(self, app, officer):
        form = {"item": "all-org-structure", "responsible": "Гнатюк О. В.", "due_date": "2030-01-31"}
        app.post("/open-data/audit/assign", headers=auth(officer), data=dict(form, publisher="finance"))
        app.post("/open-data/audit/assign", headers=auth(officer), data=dict(form, publisher="archive"), status=403)
        finance = act("chervonohrad_reports_audit", None, publisher="finance")["publishers"][0]
        assert next(i for i in finance["items"] if i["id"] == "all-org-structure")["responsible"] == "Гнатюк О. В."

    def test_withdrawing_the_role_takes_the_rights_away(self, officer):
        withdraw_officer(officer, SHEPTYTSKA)
        with pytest.raises(tk.NotAuthorized):
            assign(officer, "finance")


class TestRegisterPublication:
    def test_officer_publishes_their_hromadas_register(self, officer):
        done = act("chervonohrad_reports_register_publish", officer, publisher="finance")
        assert done["created"] is True

    def test_officer_may_not_publish_another_hromadas(self, officer):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_reports_register_publish", officer, publisher="archive")

    def test_plain_user_and_visitor_may_not(self, portal):
        for user in (factories.User(), None):
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_reports_register_publish", user, publisher="finance")

    def test_regional_admin_and_publishers_admin_still_may(self, portal):
        assert tk.check_access("chervonohrad_reports_register_publish", {"user": "oblast-coordinator"},
                               {"publisher": "archive"})
        assert tk.check_access("chervonohrad_reports_register_publish", {"user": portal["finance_admin"]["name"]},
                               {"publisher": "finance"})

    def test_pages(self, app, officer):
        app.post("/open-data/register/publish", headers=auth(officer), data={"publisher": "archive"}, status=403)
        app.post("/open-data/register/publish", headers=auth(officer), data={"publisher": "finance"})
        assert act("chervonohrad_reports_audit", None, publisher="finance")["publishers"][0]["name"] == "finance"

    def test_the_audit_page_offers_publishing_to_the_officer(self, app, officer):
        body = app.get("/open-data/audit?publisher=finance", headers=auth(officer)).body
        assert 'action="/open-data/register/publish"' in body
        body = app.get("/open-data/audit?publisher=archive", headers=auth(officer)).body
        assert 'action="/open-data/register/publish"' not in body
