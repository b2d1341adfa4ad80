"""Council officers and publisher applications: an officer of hromada A lists, reads and
decides A's applications (API and pages) and is told of new ones; B's stay closed to them.
Regional administrators keep every application; plain users and visitors get none."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from tests.hromada.officers import (
    SHEPTYTSKA,
    SOKALSKA,
    act,
    edrpou,
    name_officer,
    withdraw_officer,
)
from tests.registration.test_action import application_data

DECISIONS = [
    ("chervonohrad_registration_application_approve", {}, "approved"),
    ("chervonohrad_registration_application_reject", {"comment": "Не той орган"}, "rejected"),
    ("chervonohrad_registration_application_request_changes", {"comment": "Додайте розпорядження"},
     "changes_requested"),
]


def auth(user):
    return {"Authorization": user["token"]}


@pytest.fixture
def admin():
    return factories.SysadminWithToken(email="admin@oblast.example")


@pytest.fixture
def officer_a(admin):
    user = factories.UserWithToken(email="officer@sheptytskyi.example")
    name_officer(user, SHEPTYTSKA)
    return user


@pytest.fixture
def officer_b(admin):
    user = factories.UserWithToken(email="officer@sokal.example")
    name_officer(user, SOKALSKA)
    return user


@pytest.fixture
def applicant():
    return factories.UserWithToken(email="applicant@example.org")


@pytest.fixture
def plain_user():
    return factories.UserWithToken()


@pytest.fixture
def in_a(applicant, smtp_inbox, officer_a, officer_b):
    return act("chervonohrad_registration_application_create", applicant,
               **application_data(publisher_emails="", hromada=SHEPTYTSKA))


@pytest.fixture
def in_b(applicant, smtp_inbox, officer_a, officer_b):
    return act("chervonohrad_registration_application_create", applicant, **application_data(
        publisher_emails="", hromada=SOKALSKA, title="Відділ освіти Сокальської міської ради",
        edrpou=edrpou("4410668"), person_email="osvita@sokal.example"))


def listed(user, **filters) -> set[str]:
    return {a["title"] for a in act("chervonohrad_registration_application_list", user, **filters)["results"]}


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestOfficerApi:
    def test_officer_lists_only_their_hromadas_applications(self, in_a, in_b, officer_a, officer_b):
        assert listed(officer_a) == {in_a["title"]}
        assert listed(officer_b) == {in_b["title"]}

    def test_regional_admin_lists_all_and_may_narrow_to_a_hromada(self, in_a, in_b, admin):
        assert listed(admin) == {in_a["title"], in_b["title"]}
        assert listed(admin, hromada=SOKALSKA) == {in_b["title"]}

    def test_plain_user_lists_only_their_own(self, in_a, in_b, plain_user, applicant):
        assert listed(plain_user) == set()
        assert listed(applicant) == {in_a["title"], in_b["title"]}

    def test_officer_reads_their_hromadas_application_only(self, in_a, in_b, officer_a):
        assert act("chervonohrad_registration_application_show", officer_a, id=in_a["id"])["hromada"] == SHEPTYTSKA
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_show", officer_a, id=in_b["id"])

    def test_plain_user_and_visitor_read_nothing(self, in_a, plain_user):
        for user in (plain_user, None):
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_registration_application_show", user, id=in_a["id"])

    @pytest.mark.parametrize("action, extra, state", DECISIONS, ids=[d[2] for d in DECISIONS])
    def test_officer_decides_their_hromadas_application(self, in_a, officer_a, action, extra, state):
        result = act(action, officer_a, id=in_a["id"], **extra)
        application = result.get("application", result)
        assert application["state"] == state
        assert application["events"][-1]["actor"] == officer_a["name"]

    @pytest.mark.parametrize("action, extra, state", DECISIONS, ids=[d[2] for d in DECISIONS])
    def test_officer_of_another_hromada_may_not_decide(self, in_b, officer_a, admin, action, extra, state):
        with pytest.raises(tk.NotAuthorized):
            act(action, officer_a, id=in_b["id"], **extra)
        assert act("chervonohrad_registration_application_show", admin, id=in_b["id"])["state"] == "submitted"

    @pytest.mark.parametrize("action, extra, state", DECISIONS, ids=[d[2] for d in DECISIONS])
    def test_plain_user_and_visitor_may_not_decide(self, in_a, plain_user, action, extra, state):
        for user in (plain_user, None):
            with pytest.raises(tk.NotAuthorized):
                act(action, user, id=in_a["id"], **extra)

    @pytest.mark.parametrize("action, extra, state", DECISIONS, ids=[d[2] for d in DECISIONS])
    def test_regional_admin_decides_in_every_hromada(self, in_b, action, extra, state):
        coordinator = factories.User(name="oblast-coordinator")  # test.ini names this user
        result = act(action, coordinator, id=in_b["id"], **extra)
        assert result.get("application", result)["state"] == state

    def test_approval_by_an_officer_creates_the_publisher_in_their_hromada(self, in_a, officer_a):
        org = act("chervonohrad_registration_application_approve", officer_a, id=in_a["id"])["organization"]
        assert org["hromada"] == SHEPTYTSKA

    def test_withdrawing_the_role_takes_the_rights_away(self, in_a, officer_a):
        withdraw_officer(officer_a, SHEPTYTSKA)
        assert listed(officer_a) == set()
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_show", officer_a, id=in_a["id"])
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_approve", officer_a, id=in_a["id"])


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestNotification:
    def test_new_application_reaches_its_hromadas_officer_and_not_the_other(self, in_a, smtp_inbox, admin):
        assert len(smtp_inbox.to("officer@sheptytskyi.example")) == 1
        assert smtp_inbox.to("officer@sokal.example") == []
        assert len(smtp_inbox.to("admin@oblast.example")) == 1
        mail = smtp_inbox.to("officer@sheptytskyi.example")[0]
        assert f"/publisher/applications/{in_a['id']}" in smtp_inbox.body(mail)

    def test_b_application_reaches_bs_officer_only(self, in_b, smtp_inbox):
        assert len(smtp_inbox.to("officer@sokal.example")) == 1
        assert smtp_inbox.to("officer@sheptytskyi.example") == []

    def test_resubmission_reaches_the_officer_again(self, in_a, smtp_inbox, officer_a, applicant):
        act("chervonohrad_registration_application_request_changes", officer_a, id=in_a["id"], comment="Уточніть")
        act("chervonohrad_registration_application_update", applicant, id=in_a["id"],
            **application_data(publisher_emails="", hromada=SHEPTYTSKA))
        assert len([m for m in smtp_inbox.to("officer@sheptytskyi.example")
                    if "Нова заявка розпорядника" in m["Subject"]]) == 2
        assert smtp_inbox.to("officer@sokal.example") == []

    def test_a_withdrawn_officer_is_not_told(self, officer_a, applicant, smtp_inbox):
        withdraw_officer(officer_a, SHEPTYTSKA)
        act("chervonohrad_registration_application_create", applicant,
            **application_data(publisher_emails="", hromada=SHEPTYTSKA))
        assert smtp_inbox.to("officer@sheptytskyi.example") == []


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestOfficerPages:
    def test_queue_lists_their_hromadas_applications(self, app, in_a, in_b, officer_a):
        page = BeautifulSoup(app.get("/publisher/applications", headers=auth(officer_a)).body, "html.parser")
        titles = [a.get_text(strip=True) for a in page.select("#applications td:first-child a")]
        assert titles == [in_a["title"]]
        assert [td["data-hromada"] for td in page.select("#applications td[data-hromada]")] == [SHEPTYTSKA]
        assert page.h1.get_text(strip=True) == "Заявки розпорядників"

    def test_regional_admin_queue_lists_both(self, app, in_a, in_b, admin):
        page = BeautifulSoup(app.get("/publisher/applications", headers=auth(admin)).body, "html.parser")
        assert {a.get_text(strip=True) for a in page.select("#applications td:first-child a")} == {
            in_a["title"], in_b["title"]}

    def test_officer_sees_the_decision_form_of_their_hromadas_application(self, app, in_a, officer_a):
        page = BeautifulSoup(app.get(f"/publisher/applications/{in_a['id']}", headers=auth(officer_a)).body,
                             "html.parser")
        assert page.select_one("#decision") is not None

    def test_other_hromadas_application_is_a_403_page(self, app, in_b, officer_a):
        app.get(f"/publisher/applications/{in_b['id']}", headers=auth(officer_a), status=403)
        app.post(f"/publisher/applications/{in_b['id']}/approve", headers=auth(officer_a), status=403)
        app.post(f"/publisher/applications/{in_b['id']}/reject", headers=auth(officer_a), data={"comment": "Ні"},
                 status=403)

    def test_officer_approves_through_the_page(self, app, in_a, officer_a):
        app.post(f"/publisher/applications/{in_a['id']}/approve", headers=auth(officer_a))
        assert act("chervonohrad_registration_application_show", officer_a, id=in_a["id"])["state"] == "approved"

    def test_plain_user_gets_403_pages(self, app, in_a, plain_user):
        app.get(f"/publisher/applications/{in_a['id']}", headers=auth(plain_user), status=403)
        app.post(f"/publisher/applications/{in_a['id']}/approve", headers=auth(plain_user), status=403)
        page = BeautifulSoup(app.get("/publisher/applications", headers=auth(plain_user)).body, "html.parser")
        assert page.select("#applications") == []
