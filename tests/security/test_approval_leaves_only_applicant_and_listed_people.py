"""Approving a publisher application: CKAN's organization_create makes the acting user an
admin of the new organization; afterwards only the applicant (admin) and the listed people
who accepted their invitation (editors) are members — never the approver."""
from __future__ import annotations

import re

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.registration.test_action import act, application_data

LINK = re.compile(r"/publisher/invitations/([A-Za-z0-9_.\-]+)")


def sent_to(inbox, address: str) -> list[str]:
    """Bodies of the emails to `address`: delivered to the test's SMTP server or queued for a worker."""
    bodies = [inbox.body(m) for m in inbox.to(address)]
    bodies += [job.args[3] for job in ckan_jobs.get_queue().jobs if len(job.args) == 4 and job.args[1] == address]
    return bodies


def invitation_token(inbox, address: str) -> str:
    links = [LINK.search(body) for body in sent_to(inbox, address)]
    assert [m for m in links if m], f"no invitation link was emailed to {address}"
    return [m for m in links if m][-1].group(1)


def members(org_id: str) -> dict[str, str]:
    """Active members with an active account; the accounts CKAN's invitation creates for
    listed addresses nobody holds stay pending until their owner sets a password."""
    org = call_action("organization_show", id=org_id, include_users=True)
    return {u["name"]: u["capacity"] for u in org["users"] if u["state"] == "active"}


@pytest.fixture
def applicant():
    return factories.User(email="applicant@sheptytskyi.example")


@pytest.fixture
def editor():
    return factories.User(email="editor1@sheptytskyi.example")


@pytest.fixture
def coordinator():
    return factories.User(name="oblast-coordinator", email="coordinator@oblast.example")


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis", "ukrainian")
class TestApproval:
    @pytest.mark.parametrize("who", ["sysadmin", "coordinator"])
    def test_the_approver_is_not_a_member(self, request, who, applicant, editor, smtp_inbox):
        approver = factories.Sysadmin() if who == "sysadmin" else request.getfixturevalue("coordinator")
        application = act("chervonohrad_registration_application_create", applicant, **application_data())
        result = act("chervonohrad_registration_application_approve", approver, id=application["id"])
        assert members(result["organization"]["id"]) == {applicant["name"]: "admin"}
        assert approver["name"] not in {u["name"] for u in result["organization"].get("users", [])}
        rows = model.Session.query(model.Member).filter_by(
            group_id=result["organization"]["id"], table_id=approver["id"]).all()
        assert rows == []

    def test_listed_people_join_as_editors_once_they_accept(self, applicant, editor, smtp_inbox):
        approver = factories.Sysadmin()
        application = act("chervonohrad_registration_application_create", applicant, **application_data())
        result = act("chervonohrad_registration_application_approve", approver, id=application["id"])
        org_id = result["organization"]["id"]
        assert result["pending_editors"] == ["editor1@sheptytskyi.example"]
        # Pending: no rights yet.
        assert call_action("organization_list_for_user", context={"user": editor["name"]},
                           permission="create_dataset") == []
        act("chervonohrad_registration_application_invitation_accept", editor,
            token=invitation_token(smtp_inbox, "editor1@sheptytskyi.example"))
        assert members(org_id) == {applicant["name"]: "admin", editor["name"]: "editor"}
        assert [o["id"] for o in call_action("organization_list_for_user", context={"user": editor["name"]},
                                             permission="create_dataset")] == [org_id]

    def test_an_approver_who_is_listed_is_invited_like_anyone_else(self, applicant, smtp_inbox):
        approver = factories.Sysadmin(email="editor2@sheptytskyi.example")
        application = act("chervonohrad_registration_application_create", applicant, **application_data())
        result = act("chervonohrad_registration_application_approve", approver, id=application["id"])
        assert "editor2@sheptytskyi.example" in result["pending_editors"]
        assert members(result["organization"]["id"]) == {applicant["name"]: "admin"}

    def test_an_applicant_who_approves_their_own_stays_admin(self, smtp_inbox):
        # A sysadmin may apply and decide; organization_create's admin row is then the applicant's own.
        sysadmin = factories.Sysadmin(email="self@oblast.example")
        application = act("chervonohrad_registration_application_create", sysadmin,
                          **application_data(publisher_emails=""))
        result = act("chervonohrad_registration_application_approve", sysadmin, id=application["id"])
        assert members(result["organization"]["id"]) == {sysadmin["name"]: "admin"}


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis", "ukrainian")
class TestFourEyes:
    """A regional administrator or council officer who applies cannot approve their own
    publisher into being; another one decides (a sysadmin is trusted with everything)."""

    @pytest.mark.parametrize("decision", ["approve", "reject", "request_changes"])
    def test_a_regional_administrator_cannot_decide_on_their_own_application(self, coordinator, decision):
        application = act("chervonohrad_registration_application_create", coordinator, **application_data())
        with pytest.raises(tk.NotAuthorized, match="власної заявки"):
            act(f"chervonohrad_registration_application_{decision}", coordinator, id=application["id"],
                comment="Сам собі")
        stored = call_action("chervonohrad_registration_application_show", id=application["id"])
        assert stored["state"] == "submitted"
        assert model.Session.query(model.Group).filter_by(is_organization=True).count() == 0

    def test_another_regional_administrator_decides_it(self, coordinator, smtp_inbox):
        application = act("chervonohrad_registration_application_create", coordinator, **application_data())
        result = act("chervonohrad_registration_application_approve", factories.Sysadmin(), id=application["id"])
        assert members(result["organization"]["id"]) == {"oblast-coordinator": "admin"}
