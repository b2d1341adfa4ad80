"""Publisher applications through the action API: every transition, who may do it,
bad input, duplicates, races, and the emails a real SMTP server receives."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common.jobs import QUEUES, URGENT
from ckanext.chervonohrad.registration.model import PublisherApplication
from tests import ROOT, suite_ini
from tests.factories import Publisher


def application_data(**overrides) -> dict:
    data = {
        "title": "Відділ культури Шептицької міської ради",
        "edrpou": "44106679",
        "publisher_type": "executive_body",
        "hromada": "UA46120130000026331",
        "address": "80100, м. Шептицький, просп. Шевченка, 19",
        "website": "https://kultura.sheptytskyi.example",
        "person_name": "Мельник Олена Петрівна",
        "person_position": "Начальник відділу",
        "person_email": "kultura@sheptytskyi.example",
        "person_phone": "+380 3249 2 11 22",
        "document_number": "125-р",
        "document_date": "2026-10-01",
        "publisher_emails": "editor1@sheptytskyi.example\neditor2@sheptytskyi.example",
        "comment": "Просимо створити кабінет розпорядника.",
        "consent": True,
    }
    data.update(overrides)
    return data


def act(action: str, user: dict | None, **data):
    return call_action(action, context={"user": user["name"] if user else None, "ignore_auth": False}, **data)


BAD_INPUT = [
    ("edrpou", "44106670", "не проходить перевірку контрольної цифри"),
    ("edrpou", "4410667", "рівно з 8 цифр"),
    ("publisher_type", "ministry", "Невідоме значення «ministry»"),
    ("hromada", "UA4612", "«UA4612»"),  # the hromada vocabulary names the code it refuses
    ("person_email", "kultura-at-rada", "некоректна адреса електронної пошти"),
    ("publisher_emails", "ok@rada.example, nope", "Некоректні адреси електронної пошти: nope"),
    ("document_date", "01.10.2026", "не дата у форматі РРРР-ММ-ДД"),
    ("website", "kultura", "Вкажіть дійсний URL"),
    ("consent", False, "Потрібна згода на обробку персональних даних"),
    ("title", "", "Значення відсутнє"),
    ("person_phone", "", "Значення відсутнє"),
]


@pytest.fixture
def admin():
    return factories.Sysadmin(email="admin@oblast.example")


@pytest.fixture
def coordinator():
    """A regional administrator by configuration (test.ini names oblast-coordinator)."""
    return factories.User(name="oblast-coordinator", email="coordinator@oblast.example")


@pytest.fixture
def applicant():
    return factories.User(email="applicant@sheptytskyi.example", fullname="Мельник Олена")


@pytest.fixture
def submitted(applicant, admin, smtp_inbox):
    return act("chervonohrad_registration_application_create", applicant, **application_data())


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestCreate:
    def test_submitted_with_a_timeline_entry(self, submitted, applicant):
        assert submitted["state"] == "submitted"
        assert submitted["applicant"] == applicant["name"]
        assert submitted["publisher_emails"] == ["editor1@sheptytskyi.example", "editor2@sheptytskyi.example"]
        assert [(e["from_state"], e["to_state"], e["actor"]) for e in submitted["events"]] == [
            (None, "submitted", applicant["name"])]

    def test_administrators_are_emailed(self, submitted, smtp_inbox, coordinator):
        mail = smtp_inbox.to("admin@oblast.example")
        assert len(mail) == 1
        assert "Нова заявка розпорядника: Відділ культури Шептицької міської ради" in mail[0]["Subject"]
        body = smtp_inbox.body(mail[0])
        assert "44106679" in body and f"/publisher/applications/{submitted['id']}" in body
        assert "New publisher application" in mail[0]["Subject"]

    def test_anonymous_may_not_apply(self):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_create", None, **application_data())

    @pytest.mark.parametrize("field, value, message", BAD_INPUT, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUT)])
    def test_bad_input_names_the_field(self, applicant, field, value, message):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_create", applicant, **application_data(**{field: value}))
        assert message in " ".join(raised.value.error_dict[field])
        assert model.Session.query(PublisherApplication).count() == 0


    def test_edrpou_of_a_registered_publisher_is_refused(self, applicant):
        Publisher(title="Відділ культури", edrpou="44106679")
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_create", applicant, **application_data())
        assert raised.value.error_dict["edrpou"] == [
            "Розпорядник з кодом ЄДРПОУ 44106679 уже зареєстрований: «Відділ культури»"]

    def test_second_open_application_for_one_edrpou_is_refused(self, submitted):
        other = factories.User()
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_create", other, **application_data())
        assert "Заявка для коду ЄДРПОУ 44106679 уже відкрита" in raised.value.error_dict["edrpou"][0]

    def test_the_database_refuses_a_racing_second_submit(self, submitted, applicant):
        # Two fast POSTs can both pass the check before either commits; the partial
        # unique index makes the second insert fail all the same.
        user = model.User.get(applicant["name"])
        model.Session.add(PublisherApplication(applicant_id=user.id, state="submitted", **{
            k: v for k, v in application_data(publisher_emails=[], document_date=None).items()}))
        with pytest.raises(Exception) as raised:
            model.Session.commit()
        model.Session.rollback()
        assert "chervonohrad_application_one_open_per_edrpou" in str(raised.value)
        assert model.Session.query(PublisherApplication).count() == 1


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestSeeing:
    def test_applicant_sees_own(self, submitted, applicant):
        assert act("chervonohrad_registration_application_show", applicant, id=submitted["id"])["id"] == submitted["id"]
        assert act("chervonohrad_registration_application_list", applicant)["count"] == 1

    def test_another_user_sees_nothing(self, submitted):
        other = factories.User()
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_show", other, id=submitted["id"])
        assert act("chervonohrad_registration_application_list", other)["count"] == 0

    def test_anonymous_sees_nothing(self, submitted):
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_show", None, id=submitted["id"])
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_list", None)

    @pytest.mark.parametrize("who", ["admin", "coordinator"])
    def test_administrators_see_all_with_filters(self, submitted, request, who):
        viewer = request.getfixturevalue(who)
        other = factories.User()
        act("chervonohrad_registration_application_create", other,
            **application_data(title="КП «Шептицькводоканал»", edrpou="26162800"))
        assert act("chervonohrad_registration_application_list", viewer)["count"] == 2
        found = act("chervonohrad_registration_application_list", viewer, q="2616")["results"]
        assert [a["edrpou"] for a in found] == ["26162800"]
        assert act("chervonohrad_registration_application_list", viewer, q="культури")["count"] == 1
        assert act("chervonohrad_registration_application_list", viewer, state="approved")["count"] == 0

    def test_unknown_state_filter(self, submitted, admin):
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_registration_application_list", admin, state="lost")


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestApprove:
    def test_creates_the_publisher(self, submitted, admin, applicant, smtp_inbox):
        editor = factories.User(email="editor1@sheptytskyi.example")
        result = act("chervonohrad_registration_application_approve", admin, id=submitted["id"], comment="Вітаємо")
        org = call_action("organization_show", id=result["organization"]["id"], include_users=True)
        assert org["title"] == "Відділ культури Шептицької міської ради"
        assert org["name"] == "viddil-kultury-sheptytskoi-miskoi-rady"
        assert (org["edrpou"], org["publisher_type"], org["hromada"]) == (
            "44106679", "executive_body", "UA46120130000026331")
        assert org["officer_email"] == "kultura@sheptytskyi.example"
        roles = {u["name"]: u["capacity"] for u in org["users"]}
        assert roles[applicant["name"]] == "admin"
        assert editor["name"] not in roles and admin["name"] not in roles  # the editor joins on accepting
        assert result["pending_editors"] == ["editor1@sheptytskyi.example"]
        assert result["invited"] == ["editor2@sheptytskyi.example"]
        application = act("chervonohrad_registration_application_show", admin, id=submitted["id"])
        assert application["state"] == "approved" and application["organization"] == org["name"]
        assert application["events"][-1]["actor"] == admin["name"]
        assert application["events"][-1]["comment"] == "Вітаємо"
        decision = smtp_inbox.to("kultura@sheptytskyi.example")
        assert [m["Subject"] for m in decision] == [
            "Заявку схвалено: Відділ культури Шептицької міської ради / Application approved"]
        assert len(smtp_inbox.to("editor2@sheptytskyi.example")) == 1  # CKAN's invitation

    def test_the_new_admin_can_publish(self, submitted, admin, applicant):
        org = act("chervonohrad_registration_application_approve", admin, id=submitted["id"])["organization"]
        assert call_action("organization_list_for_user", context={"user": applicant["name"]},
                           permission="create_dataset")[0]["id"] == org["id"]

    def test_only_administrators(self, submitted, applicant):
        for user in (applicant, factories.User(), None):
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_registration_application_approve", user, id=submitted["id"])
        assert model.Session.query(model.Group).filter_by(is_organization=True).count() == 0

    def test_configured_coordinator_may(self, submitted, coordinator):
        assert act("chervonohrad_registration_application_approve", coordinator, id=submitted["id"])["organization"]

    def test_a_second_decision_is_refused_and_makes_no_second_organization(self, submitted, admin, coordinator):
        act("chervonohrad_registration_application_approve", admin, id=submitted["id"])
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_approve", coordinator, id=submitted["id"])
        assert "Ця заявка вже схвалена" in raised.value.error_dict["state"][0]
        assert admin["name"] in raised.value.error_dict["state"][0]
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_registration_application_reject", coordinator, id=submitted["id"], comment="пізно")
        assert model.Session.query(model.Group).filter_by(is_organization=True).count() == 1

    def test_a_failing_step_leaves_nothing_half_created(self, submitted, admin, monkeypatch):
        # An organization already holds the URL name the approval will take (the free-name
        # check is switched off), so organization_create fails inside the transaction.
        from ckanext.chervonohrad.registration import slug

        Publisher(name="viddil-kultury-sheptytskoi-miskoi-rady", edrpou="26510514")
        monkeypatch.setattr(slug, "unique", lambda name, is_taken: name)
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_registration_application_approve", admin, id=submitted["id"])
        assert model.Session.query(model.Group).filter_by(is_organization=True).count() == 1
        application = act("chervonohrad_registration_application_show", admin, id=submitted["id"])
        assert application["state"] == "submitted"
        assert application["organization"] is None
        assert "name" in application["last_error"]

    def test_approval_stands_when_smtp_is_down_and_the_email_is_retried(self, applicant, admin, ckan_config):
        application = act("chervonohrad_registration_application_create", applicant, **application_data(
            publisher_emails=""))
        ckan_jobs.get_queue(URGENT).empty()
        result = act("chervonohrad_registration_application_approve", admin, id=application["id"])
        assert result["application"]["state"] == "approved"
        queued = ckan_jobs.get_queue(URGENT).jobs
        assert [j.meta["title"] for j in queued] == ["email application_approved to kultura@sheptytskyi.example"]


@pytest.mark.usefixtures("clean_db", "clean_index", "ukrainian")
class TestOtherDecisions:
    def test_reject_needs_a_reason(self, submitted, admin):
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_reject", admin, id=submitted["id"], comment="")
        assert "comment" in raised.value.error_dict

    def test_reject(self, submitted, admin, smtp_inbox):
        rejected = act("chervonohrad_registration_application_reject", admin, id=submitted["id"],
                       comment="Не є розпорядником інформації")
        assert rejected["state"] == "rejected"
        body = smtp_inbox.body(smtp_inbox.to("kultura@sheptytskyi.example")[-1])
        assert "Причина: Не є розпорядником інформації" in body

    def test_request_changes_then_resubmit(self, submitted, admin, applicant, smtp_inbox):
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_registration_application_request_changes", admin, id=submitted["id"])
        act("chervonohrad_registration_application_request_changes", admin, id=submitted["id"],
            comment="Додайте розпорядчий документ")
        assert "Що змінити: Додайте розпорядчий документ" in smtp_inbox.body(
            smtp_inbox.to("kultura@sheptytskyi.example")[-1])
        with pytest.raises(tk.NotAuthorized):
            act("chervonohrad_registration_application_update", admin, id=submitted["id"], **application_data())
        updated = act("chervonohrad_registration_application_update", applicant, id=submitted["id"],
                      **application_data(document_number="130-р"))
        assert updated["state"] == "submitted"
        assert updated["document_number"] == "130-р"
        assert [e["to_state"] for e in updated["events"]] == ["submitted", "changes_requested", "submitted"]

    def test_only_the_applicant_withdraws(self, submitted, applicant, admin):
        for user in (admin, factories.User(), None):
            with pytest.raises(tk.NotAuthorized):
                act("chervonohrad_registration_application_withdraw", user, id=submitted["id"])
        withdrawn = act("chervonohrad_registration_application_withdraw", applicant, id=submitted["id"])
        assert withdrawn["state"] == "withdrawn"
        with pytest.raises(tk.ValidationError):
            act("chervonohrad_registration_application_approve", admin, id=submitted["id"])
        # A withdrawn application frees its EDRPOU for a new one.
        again = act("chervonohrad_registration_application_create", applicant, **application_data())
        assert again["state"] == "submitted"

    def test_decided_application_cannot_be_edited(self, submitted, admin, applicant):
        act("chervonohrad_registration_application_reject", admin, id=submitted["id"], comment="Ні")
        with pytest.raises(tk.ValidationError) as raised:
            act("chervonohrad_registration_application_update", applicant, id=submitted["id"], **application_data())
        assert "state" in raised.value.error_dict

    def test_unknown_application(self, admin):
        with pytest.raises(tk.ObjectNotFound):
            act("chervonohrad_registration_application_approve", admin, id="nemaie")


@pytest.mark.usefixtures("clean_db", "clean_redis")
def test_queued_email_is_delivered_by_a_worker_once_smtp_is_back(applicant, admin, smtp_inbox):
    from ckanext.chervonohrad.common import mail

    ckan_jobs.get_queue(URGENT).empty()
    tk.enqueue_job(mail.deliver, ["Мельник Олена", "kultura@sheptytskyi.example", "Тема", "Текст листа"],
                   title="email retry", queue=URGENT)
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"), "-c",
                           suite_ini(), "jobs", "worker", "--burst", *QUEUES],
                          capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert [m["Subject"] for m in smtp_inbox.to("kultura@sheptytskyi.example")] == ["Тема"]
