"""Feedback waiting for an answer, end to end (the database, Redis's queue, a real SMTP server):
the publisher's people are reminded once its working days have passed, then weekly; council
officers get their hromada's list each week. Dates are passed to the run, so no test waits."""
from __future__ import annotations

import datetime as dt

import pytest

from ckan import model

from ckanext.chervonohrad.feedback.model import Feedback
from ckanext.chervonohrad.reminders import feedback, messages
from ckanext.chervonohrad.reminders.model import MessageSent, OptOut
from tests.reminders.conftest import (
    ADMIN,
    LATE_FROM,
    MAINTAINER,
    OFFICER_A,
    OFFICER_B,
    SOKAL_ADMIN,
    feedback_on,
    without_maintainer_email,
)
from tests.reminders.test_updates import body


def send(day: dt.date) -> int:
    return messages.send(feedback.TEMPLATE, day)["letters"]


def test_nothing_before_the_working_days_have_passed(cycle, smtp_inbox):
    assert send(LATE_FROM - dt.timedelta(days=3)) == 0  # Friday: four working days
    assert smtp_inbox.messages == []


def test_the_maintainer_and_the_admins_are_told_of_the_items_still_waiting(cycle, smtp_inbox):
    assert send(LATE_FROM) == 3  # A's maintainer and admin; B's admin (B's dataset has no maintainer email)
    [letter] = smtp_inbox.to(MAINTAINER)
    text = body(letter)
    assert letter["Subject"] == "Відгуки чекають на відповідь / Feedback waiting for an answer"
    assert text.count("«Ремонти доріг»: надійшов 02.11.2026, чекає 5 робоч. дн.") == 2  # new and in progress
    assert f"/feedback/{cycle.new}" in text and f"/feedback/{cycle.in_progress}" in text
    assert cycle.answered not in text and cycle.rejected not in text
    assert text.index("Доброго дня") < text.index("Hello")
    assert "\"Ремонти доріг\": received 02.11.2026, waiting 5 working day(s)" in text
    # The sender's name, address and words stay in the portal.
    assert "Іван" not in text and "citizen.example" not in text and "Помилка" not in text
    assert "/open-data/reminders/unsubscribe/" in text
    assert "Якість води" in body(smtp_inbox.to(SOKAL_ADMIN)[0]) and "Якість води" not in text
    assert len(smtp_inbox.to(ADMIN)) == 1


def test_each_round_is_told_once_then_again_a_week_later(cycle, smtp_inbox):
    send(LATE_FROM)
    assert send(LATE_FROM) == 0  # a second scheduler, a restart
    assert all(send(LATE_FROM + dt.timedelta(days=d)) == 0 for d in range(1, 7))
    model.Session.get(Feedback, cycle.new).status = "answered"  # answered meanwhile
    model.Session.commit()
    assert send(LATE_FROM + dt.timedelta(days=7)) == 3
    text = body(smtp_inbox.to(MAINTAINER)[-1])
    assert cycle.new not in text and f"/feedback/{cycle.in_progress}" in text
    assert "чекає 10 робоч. дн." in text
    # each person and item once per round: 2 + 2 + 1, then 1 + 1 + 1
    assert model.Session.query(MessageSent).filter_by(message=feedback.TEMPLATE).count() == 8


@pytest.mark.ckan_config("ckanext.chervonohrad.feedback_reminder_working_days", 2)
def test_the_working_days_are_an_option(cycle, smtp_inbox):
    assert send(dt.date(2026, 11, 3)) == 0
    assert send(dt.date(2026, 11, 4)) == 3
    assert "довше 2 робочих дн." in body(smtp_inbox.to(MAINTAINER)[0])


def test_opt_outs_deleted_datasets_and_a_publisher_nobody_answers_for(cycle, smtp_inbox):
    model.Session.add(OptOut(address=MAINTAINER))
    model.Session.get(model.Package, cycle.water["id"]).state = "deleted"
    model.Session.commit()
    # Old content: an item on a dataset whose publisher has no administrators and no maintainer email.
    from tests.factories import PassportDataset, Publisher
    orphan = PassportDataset(owner_org=Publisher(name="bez-admina")["id"])
    without_maintainer_email(orphan["id"])
    feedback_on(orphan["id"])
    assert send(LATE_FROM) == 1
    assert smtp_inbox.to(MAINTAINER) == [] and smtp_inbox.to(SOKAL_ADMIN) == []
    assert len(smtp_inbox.to(ADMIN)) == 1


def test_officers_get_their_hromadas_list_once_a_week(cycle, smtp_inbox):
    assert messages.send(feedback.HROMADA_TEMPLATE, LATE_FROM)["letters"] == 2
    text = body(smtp_inbox.to(OFFICER_A)[0])
    assert "Шептицька" in text and "Управління доріг, «Ремонти доріг»: надійшов 02.11.2026" in text
    assert "Якість води" not in text  # hromada B's
    assert "Сокальводоканал, «Якість води»" in body(smtp_inbox.to(OFFICER_B)[0])
    assert smtp_inbox.to(ADMIN) == []  # publishers get their own reminder, not the list
    assert messages.send(feedback.HROMADA_TEMPLATE, LATE_FROM + dt.timedelta(days=3))["letters"] == 0  # same week
    assert messages.send(feedback.HROMADA_TEMPLATE, LATE_FROM + dt.timedelta(days=7))["letters"] == 2


def test_an_officer_whose_hromada_has_nothing_waiting_gets_no_list(cycle, smtp_inbox):
    model.Session.get(Feedback, cycle.in_sokal).status = "resolved"
    model.Session.commit()
    assert messages.send(feedback.HROMADA_TEMPLATE, LATE_FROM)["letters"] == 1
    assert smtp_inbox.to(OFFICER_B) == []


def test_the_command_plans_sends_and_refuses_a_message_it_does_not_know(cycle, smtp_inbox):
    from click.testing import CliRunner

    from ckanext.chervonohrad import cli

    def run(*args):
        return CliRunner().invoke(cli.chervonohrad, ["reminders", "send", *args], catch_exceptions=False)

    dry = run("--message", "feedback_waiting", "--message", "feedback_waiting_hromada", "--date", "2026-11-09",
              "--dry-run")
    [line] = [line for line in dry.output.splitlines() if line.startswith(f"feedback_waiting → {MAINTAINER}: ")]
    assert sorted(line.split(": ", 1)[1].split(", ")) == sorted([f"{cycle.new}:0", f"{cycle.in_progress}:0"])
    assert f"feedback_waiting_hromada → {OFFICER_A}: " in dry.output
    assert smtp_inbox.messages == []
    done = run("--message", "feedback_waiting", "--date", "2026-11-09")
    assert "feedback_waiting: sent 3 letters" in done.output
    assert run("--message", "feedback_waiting", "--date", "2026-11-09").output.startswith(
        "feedback_waiting: sent 0 letters")
    wrong = run("--message", "spam")
    assert wrong.exit_code == 2 and "'spam' is not one of" in wrong.output
    assert run("--date", "09.11.2026").exit_code == 2


def test_the_daily_run_forgets_log_lines_older_than_it_keeps(cycle, smtp_inbox):
    from ckanext.chervonohrad.reminders import updates
    from ckanext.chervonohrad.reminders.model import LOG_KEEP_DAYS

    send(LATE_FROM)
    assert model.Session.query(MessageSent).count() == 5
    updates.run(LATE_FROM + dt.timedelta(days=LOG_KEEP_DAYS))  # the last day they are kept
    assert model.Session.query(MessageSent).count() == 5
    updates.run(LATE_FROM + dt.timedelta(days=LOG_KEEP_DAYS + 1))
    assert model.Session.query(MessageSent).count() == 0
