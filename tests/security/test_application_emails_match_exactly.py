"""People listed in a publisher application are matched to accounts exactly (case aside):
`%`, `_` and other characters are never patterns, and a matched account becomes an editor
only when its holder accepts the emailed invitation while logged in as that account."""
from __future__ import annotations

import time

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.registration import invitations
from tests.registration.test_action import act, application_data
from tests.security.test_approval_leaves_only_applicant_and_listed_people import (
    invitation_token,
    members,
    sent_to,
)


def memberships(user_id: str) -> list[tuple[str, str]]:
    return [(m.capacity, m.state) for m in model.Session.query(model.Member).filter_by(table_id=user_id)]


def approve(applicant, publisher_emails: str) -> dict:
    application = act("chervonohrad_registration_application_create", applicant,
                      **application_data(publisher_emails=publisher_emails))
    return act("chervonohrad_registration_application_approve", factories.Sysadmin(), id=application["id"])


@pytest.fixture
def applicant():
    return factories.User(email="applicant@sheptytskyi.example")


@pytest.fixture
def victim():
    return factories.UserWithToken(email="mayor@lviv.example")


class TestMatchingIsExact:
    """The pure rule."""

    ACCOUNTS = [("u1", "Mayor@Lviv.example"), ("u2", "editorx@rada.example"), ("u3", "twin@rada.example"),
                ("u4", "TWIN@rada.example")]

    @pytest.mark.parametrize("pattern", ["%@%.%", "%@lviv.example", "mayor@%", "editor_@rada.example", "_@_._"])
    def test_patterns_match_nobody(self, pattern):
        found = invitations.match([pattern], self.ACCOUNTS)
        assert found.accounts == {} and found.unknown == [pattern]

    def test_case_does_not_matter(self):
        assert invitations.match(["mayor@lviv.EXAMPLE"], self.ACCOUNTS).accounts == {"mayor@lviv.EXAMPLE": "u1"}

    def test_an_address_two_accounts_share_adds_nobody(self):
        found = invitations.match(["twin@rada.example"], self.ACCOUNTS)
        assert found.accounts == {} and found.ambiguous == ["twin@rada.example"]


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis", "ukrainian")
class TestApproval:
    @pytest.mark.parametrize("listed", ["%@%.%", "%@lviv.example", "mayo_@lviv.example", "MAYOR@lviv.exampl_"])
    def test_a_pattern_adds_no_one_elses_account(self, applicant, victim, smtp_inbox, listed):
        result = approve(applicant, listed)
        assert memberships(victim["id"]) == []
        assert members(result["organization"]["id"]) == {applicant["name"]: "admin"}
        assert result["pending_editors"] == []
        assert sent_to(smtp_inbox, "mayor@lviv.example") == []

    def test_an_exact_address_in_other_case_is_invited_not_added(self, applicant, victim, smtp_inbox):
        result = approve(applicant, "Mayor@LVIV.example")
        assert result["pending_editors"] == ["Mayor@LVIV.example"]
        assert memberships(victim["id"]) == [("editor", "pending")]
        assert call_action("organization_list_for_user", context={"user": victim["name"]},
                           permission="create_dataset") == []
        assert len([b for b in sent_to(smtp_inbox, "Mayor@LVIV.example") if "/publisher/invitations/" in b]) == 1

    def test_a_deleted_account_is_not_matched(self, applicant, smtp_inbox):
        gone = factories.User(email="gone@rada.example")
        call_action("user_delete", id=gone["id"])
        approve(applicant, "gone@rada.example")
        assert memberships(gone["id"]) == []


@pytest.fixture
def invited(applicant, victim, smtp_inbox):
    result = approve(applicant, "mayor@lviv.example")
    return result["organization"], invitation_token(smtp_inbox, "mayor@lviv.example")


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis", "ukrainian")
class TestAccepting:

    def test_only_the_invited_account_may_accept(self, invited, victim):
        org, token = invited
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_invitation_accept", factories.User(), token=token)
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_invitation_accept", None, token=token)
        assert memberships(victim["id"]) == [("editor", "pending")]
        joined = act("chervonohrad_registration_application_invitation_accept", victim, token=token)
        assert joined["organization"] == org["name"]
        assert memberships(victim["id"]) == [("editor", "active")]
        # A second click changes nothing.
        act("chervonohrad_registration_application_invitation_accept", victim, token=token)
        assert memberships(victim["id"]) == [("editor", "active")]

    def test_a_forged_or_altered_link_is_refused(self, invited, victim):
        _, token = invited
        for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "x", ""):
            with pytest.raises(tk.ValidationError):
                act("chervonohrad_registration_application_invitation_accept", victim, token=bad)
        assert memberships(victim["id"]) == [("editor", "pending")]

    def test_an_account_whose_address_changed_may_not_accept(self, invited, victim):
        _, token = invited
        user = model.User.get(victim["id"])
        user.email = "someone-else@lviv.example"
        model.Session.commit()
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_invitation_accept", victim, token=token)
        assert "змінилася" in raised.value.error_dict["token"][0]

    def test_a_withdrawn_invitation_is_refused(self, invited, victim):
        org, token = invited
        model.Session.query(model.Member).filter_by(table_id=victim["id"]).delete()
        model.Session.commit()
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_invitation_accept", victim, token=token)
        assert raised.value.error_dict["token"] == ["Це запрошення відкликано"]

    def test_an_expired_invitation_is_refused(self, invited, victim, ckan_config, monkeypatch):
        _, token = invited
        monkeypatch.setitem(ckan_config, "ckanext.chervonohrad.editor_invitation_days", 0)
        time.sleep(1.1)
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_invitation_accept", victim, token=token)
        assert "Строк дії запрошення минув" in raised.value.error_dict["token"][0]



# Pages: without the `ukrainian` fixture, whose request context would pin the first page's visitor.
@pytest.mark.usefixtures("clean_db", "clean_index", "clean_redis")
class TestInvitationPage:
    def test_the_page_asks_then_accepts(self, app, invited, victim):
        org, token = invited
        stranger = factories.UserWithToken()
        headers = {"Authorization": victim["token"]}
        assert 'id="accept-invitation"' in app.get(f"/publisher/invitations/{token}", headers=headers).body
        assert memberships(victim["id"]) == [("editor", "pending")]  # a GET accepts nothing
        app.post(f"/publisher/invitations/{token}", headers={"Authorization": stranger["token"]}, status=403)
        app.post(f"/publisher/invitations/{token}x", headers=headers, status=400)
        page = app.post(f"/publisher/invitations/{token}", headers=headers, follow_redirects=False, status=302)
        assert page.headers["Location"].endswith(f"/organization/{org['name']}")
        assert memberships(victim["id"]) == [("editor", "active")]

    def test_a_visitor_is_asked_to_log_in(self, app, invited):
        _, token = invited
        page = app.get(f"/publisher/invitations/{token}")
        assert "Увійдіть під обліковим записом, якому надіслано запрошення" in page.body
        assert f"came_from=/publisher/invitations/{token}" in page.body
