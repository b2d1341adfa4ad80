"""A regional administrator erases one person's data on request (chervonohrad_privacy_erase,
`ckan chervonohrad privacy erase`): found by their email address, exactly and in any case,
everywhere the portal holds it — feedback, suggestions and votes, applications and the people
they list, documents, other people's text quoting the address, emails waiting in Redis — and
told what changed. Nobody else may; bad input changes nothing."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from rq.job import Job

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.common import mail
from ckanext.chervonohrad.feedback.model import Feedback, SuggestionVote
from ckanext.chervonohrad.privacy.rules import ANONYMISED
from tests import suite_ini
from tests.feedback.conftest import People
from tests.security import privacy_data as data

IVAN = "ivan.petrenko@example.com"
API = "/api/3/action/chervonohrad_privacy_erase"


class World:
    """Ivan's data in every room, and other people's next to it."""

    def __init__(self):
        self.people = people = People()
        self.ivan = factories.UserWithToken(name="ivan", email=IVAN.upper(), fullname="Іван Петренко")
        dataset = people.dataset
        self.sent = data.feedback(dataset, email="Ivan.Petrenko@Example.com")  # open: erased too
        self.from_account = data.feedback(dataset, closed_months_ago=1, email=None, name=None,
                                          user_id=self.ivan["id"], answer="Дякуємо!")
        self.quoting = data.feedback(dataset, name="Олена", email="olena@example.com",
                                     message=f"Те саме писав {IVAN}, відповіді нема.")
        self.lookalike = data.feedback(dataset, name="Інший Іван", email="x" + IVAN)
        self.suggested = data.suggestion(email=IVAN, name="Іван Петренко")
        self.others_suggestion = data.suggestion(email="olena@example.com")
        for user in (self.ivan, people.citizen):
            model.Session.add(SuggestionVote(suggestion_id=self.others_suggestion.id, user_id=user["id"]))
        model.Session.commit()
        applicant = factories.User(email="applicant@sheptytskyi.example")
        self.responsible = data.application(applicant, state="submitted", person_email=IVAN, edrpou="44106679")
        self.listing = data.application(applicant, closed_months_ago=2, edrpou="14360570",
                                        publisher_emails=["editor2@sheptytskyi.example", IVAN.title()])
        self.document = self.responsible.document_url
        queue = ckan_jobs.get_queue()
        self.mail_to_ivan = tk.enqueue_job(mail.deliver, ["Іван", IVAN, "Відповідь", "Текст"], title="email")
        self.retry_quoting_ivan = queue.enqueue_in(dt.timedelta(hours=1), mail.deliver, "Publisher",
                                                   "finance@sheptytskyi.example", "Новий відгук",
                                                   f"Відгук від {IVAN}")
        self.mail_to_olena = tk.enqueue_job(mail.deliver, ["Олена", "olena@example.com", "Тема", "Текст"])
        # Email common.mail kept in the database while Redis was down (its own table).
        for address, body in ((IVAN.upper(), "Відповідь"), ("olena@example.com", "Текст")):
            model.Session.execute(sa.text(
                "INSERT INTO chervonohrad_mail_pending (template, recipient_name, address, subject, body, created) "
                "VALUES ('feedback_answer', '', :address, 'Тема', :body, now())"), {"address": address, "body": body})
        model.Session.commit()

    @staticmethod
    def pending_mail() -> list[str]:
        return sorted(a for (a,) in model.Session.execute(sa.text("SELECT address FROM chervonohrad_mail_pending")))

    def untouched(self):
        """What belongs to other people is exactly as it was."""
        lookalike = data.reload(self.lookalike)
        assert lookalike.email == "x" + IVAN and lookalike.name == "Інший Іван"
        assert data.reload(self.others_suggestion).email == "olena@example.com"
        assert data.reload(self.quoting).email == "olena@example.com"
        assert model.Session.get(SuggestionVote, (self.others_suggestion.id, self.people.citizen["id"]))
        assert Job.exists(self.mail_to_olena.id, connection=ckan_jobs.get_queue().connection)
        assert "olena@example.com" in self.pending_mail()

    def unchanged(self):
        """Ivan's data are all still there (a dry run, a refused call)."""
        self.untouched()
        assert data.reload(self.sent).email == "Ivan.Petrenko@Example.com"
        assert data.reload(self.from_account).user_id == self.ivan["id"]
        assert data.reload(self.quoting).message == f"Те саме писав {IVAN}, відповіді нема."
        assert data.reload(self.suggested).email == IVAN
        assert model.Session.get(SuggestionVote, (self.others_suggestion.id, self.ivan["id"]))
        responsible = data.reload(self.responsible)
        assert responsible.person_email == IVAN and data.stored(responsible.document_url)
        assert IVAN.title() in data.reload(self.listing).publisher_emails
        assert Job.exists(self.mail_to_ivan.id, connection=ckan_jobs.get_queue().connection)
        assert IVAN.upper() in self.pending_mail()


@pytest.fixture
def world(clean_db, clean_redis):
    return World()


EXPECTED = {"accounts": 1, "feedback": 2, "suggestions": 1, "votes": 1, "applications": 1, "listed_people": 1,
            "documents": 1, "texts": 1, "mail_jobs": 3}


def counts_of(result):
    return {k: result[k] for k in EXPECTED}


def test_a_regional_administrator_erases_one_person_everywhere(app, world):
    answer = app.post(API, json={"email": "  IVAN.Petrenko@example.COM "},
                      headers={"Authorization": world.people.coordinator["token"]})
    result = answer.json["result"]
    assert counts_of(result) == EXPECTED and result["dry_run"] is False

    for item in (world.sent, world.from_account):
        item = data.reload(item)
        assert (item.name, item.email, item.user_id) == (ANONYMISED, None, None)
    assert data.reload(world.sent).message == "Дані за жовтень досі не оновлено."
    assert data.reload(world.quoting).message == f"Те саме писав {ANONYMISED}, відповіді нема."
    suggested = data.reload(world.suggested)
    assert (suggested.name, suggested.email) == (ANONYMISED, None)
    assert model.Session.get(SuggestionVote, (world.others_suggestion.id, world.ivan["id"])) is None
    responsible = data.reload(world.responsible)
    assert (responsible.person_name, responsible.person_email, responsible.person_phone) == (ANONYMISED,) * 3
    assert responsible.document_url is None and not data.stored(world.document)
    assert responsible.state == "submitted" and responsible.title == "Відділ культури"
    assert data.reload(world.listing).publisher_emails == ["editor2@sheptytskyi.example"]
    connection = ckan_jobs.get_queue().connection
    assert not Job.exists(world.mail_to_ivan.id, connection=connection)
    assert not Job.exists(world.retry_quoting_ivan.id, connection=connection)
    assert world.pending_mail() == ["olena@example.com"]
    world.untouched()
    # The account itself is CKAN's to delete; a second erase finds nothing more.
    assert model.User.get("ivan").state == "active"
    again = call_action("chervonohrad_privacy_erase", context={"user": "oblast-coordinator"}, email=IVAN)
    assert {k: v for k, v in counts_of(again).items() if k != "accounts"} == dict.fromkeys(
        set(EXPECTED) - {"accounts"}, 0)


def test_the_feedback_figures_stay(world):
    before = model.Session.query(Feedback.status, Feedback.created, Feedback.first_response_at).order_by(
        Feedback.created).all()
    call_action("chervonohrad_privacy_erase", context={"user": "oblast-coordinator"}, email=IVAN)
    after = model.Session.query(Feedback.status, Feedback.created, Feedback.first_response_at).order_by(
        Feedback.created).all()
    assert after == before


def test_publishers_contact_is_listed_for_review_not_changed(world):
    org = data.reload(model.Group.get(world.people.org["id"]))
    org.extras["officer_email"] = IVAN
    model.Session.commit()
    result = call_action("chervonohrad_privacy_erase", context={"user": "oblast-coordinator"}, email=IVAN)
    assert result["to_review"]["publishers"] == ["finance"]
    assert model.Group.get("finance").extras["officer_email"] == IVAN


@pytest.mark.parametrize("who", ["org_admin", "editor", "citizen", None])
def test_nobody_else_may_erase(app, world, who):
    headers = {"Authorization": getattr(world.people, who)["token"]} if who else {}
    answer = app.post(API, json={"email": IVAN}, headers=headers, status=403)
    assert answer.json["success"] is False
    world.unchanged()


def test_a_sysadmin_may(world):
    result = call_action("chervonohrad_privacy_erase", context={"user": world.people.sysadmin["name"]}, email=IVAN)
    assert result["feedback"] == 2


@pytest.mark.parametrize("body, message", [  # the portal answers in Ukrainian, its default language
    ({}, "Значення відсутнє"),
    ({"email": ""}, "Значення відсутнє"),
    ({"email": "ivan-at-example"}, "«ivan-at-example» — некоректна адреса електронної пошти"),
    ({"email": "ivan@"}, "некоректна адреса електронної пошти"),
    ({"email": IVAN, "dry_run": "maybe"}, None),
])
def test_bad_input_is_refused_with_a_clear_error_and_changes_nothing(app, world, body, message):
    answer = app.post(API, json=body, headers={"Authorization": world.people.coordinator["token"]}, status=409)
    error = answer.json["error"]
    assert error["__type"] == "Validation Error"
    assert message in " ".join(error["email"]) if message else error["dry_run"]
    world.unchanged()


def test_the_error_names_the_field_in_english_too(app, world):
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": "en"}), \
            pytest.raises(tk.ValidationError) as raised:
        call_action("chervonohrad_privacy_erase", context={"user": "oblast-coordinator"}, email="ivan-at-example")
    assert raised.value.error_dict == {"email": ["«ivan-at-example» is not a valid email address"]}


def test_wildcards_match_only_themselves(world):
    result = call_action("chervonohrad_privacy_erase", context={"user": "oblast-coordinator"}, email="%@%.%")
    assert counts_of(result) == dict.fromkeys(EXPECTED, 0)
    world.unchanged()


def test_dry_run_counts_and_changes_nothing(world):
    result = call_action("chervonohrad_privacy_erase", context={"user": "oblast-coordinator"}, email=IVAN,
                         dry_run=True)
    assert counts_of(result) == EXPECTED and result["dry_run"] is True
    world.unchanged()


def test_the_command(world):
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    command = [ckan, "-c", suite_ini(), "chervonohrad", "privacy", "erase", IVAN]
    dry = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, timeout=120)
    assert dry.returncode == 0, dry.stderr
    assert "Would change: accounts 1, feedback 2" in dry.stdout
    world.unchanged()
    real = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert real.returncode == 0, real.stderr and "Changed: accounts 1, feedback 2" in real.stdout
    assert data.reload(world.sent).email is None
    bad = subprocess.run([ckan, "-c", suite_ini(), "chervonohrad", "privacy", "erase", "nope"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "«nope»" in bad.stderr
