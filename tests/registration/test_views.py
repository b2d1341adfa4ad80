"""The registration pages: who sees what, and what bad input looks like."""
from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.registration.test_action import application_data


def auth(user):
    return {"Authorization": user["token"]}


@pytest.fixture
def applicant():
    return factories.UserWithToken()


@pytest.fixture
def admin():
    return factories.SysadminWithToken()


@pytest.fixture
def application(applicant, smtp_inbox):
    return call_action("chervonohrad_registration_application_create", context={"user": applicant["name"]},
                       **application_data(publisher_emails=""))


@pytest.mark.usefixtures("clean_db")
class TestRegisterPage:
    def test_visitor_is_asked_to_log_in_or_sign_up(self, app):
        body = app.get("/publisher/register").body
        assert 'href="/user/login?came_from=/publisher/register"' in body
        assert 'href="/user/register?came_from=/publisher/register"' in body

    def test_form_in_ukrainian_and_english(self, app, applicant):
        assert "Подати заявку" in app.get("/publisher/register", headers=auth(applicant)).body
        assert "Submit the application" in app.get("/en/publisher/register", headers=auth(applicant)).body

    def test_bad_input_is_a_400_with_the_fields_named(self, app, applicant):
        response = app.post("/publisher/register", headers=auth(applicant), status=400, data={
            "title": "Відділ культури", "edrpou": "44106670", "publisher_type": "executive_body",
            "hromada": "UA46120130000026331", "address": "м. Шептицький", "person_name": "Мельник",
            "person_position": "Начальник", "person_email": "not-an-email", "person_phone": "+380"})
        summary = BeautifulSoup(response.body, "html.parser").select_one(".error-explanation").get_text(" ")
        assert "Код ЄДРПОУ:" in summary
        assert "Електронна пошта:" in summary
        assert "Згода на обробку персональних даних:" in summary
        assert call_action("chervonohrad_registration_application_list", context={"user": applicant["name"]})[
            "count"] == 0

    def test_a_document_that_is_not_a_document_is_refused(self, app, applicant):
        data = dict(application_data(publisher_emails="", consent="on"),
                    document_upload=(io.BytesIO(b"MZ"), "virus.exe"))
        response = app.post("/publisher/register", headers=auth(applicant), data=data, status=400,
                            content_type="multipart/form-data")
        assert "Документ має бути у форматі PDF" in response.body


@pytest.mark.usefixtures("clean_db")
class TestApplicationPages:
    def test_queue_needs_a_login(self, app):
        app.get("/publisher/applications", status=403)

    def test_applicant_sees_own_page_with_timeline(self, app, applicant, application):
        page = BeautifulSoup(app.get(f"/publisher/applications/{application['id']}", headers=auth(applicant)).body,
                             "html.parser")
        assert page.select_one("#application-state")["data-state"] == "submitted"
        assert [li["data-state"] for li in page.select("#application-timeline li")] == ["submitted"]
        assert page.select_one("#decision") is None

    def test_another_user_gets_a_403(self, app, application):
        app.get(f"/publisher/applications/{application['id']}", headers=auth(factories.UserWithToken()), status=403)
        app.get(f"/publisher/applications/{application['id']}/document",
                headers=auth(factories.UserWithToken()), status=403)

    def test_unknown_application_is_a_404(self, app, admin):
        app.get("/publisher/applications/nemaie", headers=auth(admin), status=404)

    def test_admin_queue_filters(self, app, admin, application):
        body = app.get("/publisher/applications", headers=auth(admin), params={"state": "submitted"}).body
        assert "Відділ культури Шептицької міської ради" in body
        body = app.get("/publisher/applications", headers=auth(admin), params={"q": "26162800"}).body
        assert "Відділ культури Шептицької міської ради" not in body
        app.get("/publisher/applications", headers=auth(admin), params={"state": "lost"}, status=400)

    def test_admin_rejects_without_a_reason_and_is_told_why(self, app, admin, application):
        response = app.post(f"/publisher/applications/{application['id']}/reject", headers=auth(admin),
                            data={"comment": ""}, follow_redirects=True)
        assert "Причина або коментар:" in response.body
        assert call_action("chervonohrad_registration_application_show", context={"user": admin["name"]},
                           id=application["id"])["state"] == "submitted"

    def test_applicant_cannot_decide(self, app, applicant, application):
        app.post(f"/publisher/applications/{application['id']}/approve", headers=auth(applicant), status=403)

    def test_unknown_decision_is_a_404(self, app, admin, application):
        app.post(f"/publisher/applications/{application['id']}/promote", headers=auth(admin), status=404)

    def test_admin_page_in_english(self, app, admin, application):
        body = app.get(f"/en/publisher/applications/{application['id']}", headers=auth(admin)).body
        assert "Approve" in body and "Request changes" in body and "History" in body
