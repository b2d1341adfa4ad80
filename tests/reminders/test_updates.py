"""Update reminders end to end: the database, Redis's queue and a real SMTP server. Dates are
passed to the run (the scheduler passes today's in Kyiv), so a week is seven calls, not seven
days."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from ckan import model

from ckanext.chervonohrad.common import mail
from ckanext.chervonohrad.common.jobs import URGENT
from ckanext.chervonohrad.reminders import updates
from ckanext.chervonohrad.reminders.model import OptOut, ReminderSent
from tests.reminders.conftest import ADMIN, CHANGED, MAINTAINER, changed_on

WEEKLY_DUE = CHANGED + dt.timedelta(days=7)
MONTHLY_DUE = CHANGED + dt.timedelta(days=31)


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_an_overdue_dataset_is_named_to_its_maintainer_and_the_publishers_admin(world, smtp_inbox):
    counts = updates.run(WEEKLY_DUE)
    assert counts["letters"] == 2
    for address in (MAINTAINER, ADMIN):
        [message] = smtp_inbox.to(address)
        text = body(message)
        assert "«Ремонти доріг»: строк оновлення — сьогодні" in text
        assert "\"Ремонти доріг\": due today" in text
        assert text.index("Доброго дня") < text.index("Hello")  # Ukrainian first
        assert "/dataset/edit/remonty-dorih" in text
        assert "/open-data/reminders/unsubscribe/" in text
        assert "Ями" not in text  # monthly: not due for weeks


def test_nothing_is_sent_twice_the_same_day_and_overdue_comes_back_weekly(world, smtp_inbox):
    updates.run(WEEKLY_DUE)
    assert updates.run(WEEKLY_DUE)["letters"] == 0  # a second scheduler, a restart
    for days in range(1, 7):
        assert updates.run(WEEKLY_DUE + dt.timedelta(days=days))["letters"] == 0
    assert updates.run(WEEKLY_DUE + dt.timedelta(days=7))["letters"] == 2
    assert len(smtp_inbox.to(MAINTAINER)) == 2
    assert "прострочено на 7 дн." in body(smtp_inbox.to(MAINTAINER)[-1])


def test_several_datasets_go_in_one_letter_with_the_old_spelling_of_a_frequency(world, smtp_inbox):
    day = MONTHLY_DUE - dt.timedelta(days=3)
    updates.run(day)
    [message] = smtp_inbox.to(MAINTAINER)
    text = body(message)
    # overdue first, then due soon (the legacy «Щомісяця» read as once a month)
    assert text.index("Ремонти доріг") < text.index("Ями на дорогах")
    assert "«Мости»: оновити до " + MONTHLY_DUE.strftime("%d.%m.%Y") + " (залишилось 3 дн.)" in text
    assert "Архів" not in text  # no longer updated: never reminded


def test_an_update_moves_the_due_date_and_ends_the_reminders(world, smtp_inbox):
    updates.run(WEEKLY_DUE)
    changed_on(world.weekly["id"], WEEKLY_DUE + dt.timedelta(days=2))
    assert updates.run(WEEKLY_DUE + dt.timedelta(days=7))["letters"] == 0
    assert len(smtp_inbox.to(MAINTAINER)) == 1


def test_drafts_deleted_and_private_datasets(world, smtp_inbox):
    package = model.Package.get(world.weekly["id"])
    package.state = "deleted"
    model.Session.commit()
    monthly = model.Package.get(world.monthly["id"])
    monthly.private = True
    model.Session.commit()
    updates.run(MONTHLY_DUE)
    [message] = smtp_inbox.to(MAINTAINER)
    assert "Ремонти" not in body(message)  # deleted
    assert "Ями на дорогах" in body(message)  # private: still the publisher's to keep up to date


def test_a_dataset_without_a_maintainer_email_reaches_the_admins_only(world, smtp_inbox):
    package = model.Package.get(world.weekly["id"])
    package.maintainer_email = None
    model.Session.commit()
    updates.run(WEEKLY_DUE)
    assert "Ремонти доріг" in body(smtp_inbox.to(ADMIN)[0])
    assert "Ремонти доріг" not in "".join(body(m) for m in smtp_inbox.to(MAINTAINER))


def test_the_log_keeps_no_address(world, smtp_inbox):
    updates.run(WEEKLY_DUE)
    rows = model.Session.query(ReminderSent).all()
    assert rows and all("@" not in row.person and len(row.person) == 64 for row in rows)


class TestUnsubscribe:
    def link(self, smtp_inbox) -> str:
        updates.run(WEEKLY_DUE)
        text = body(smtp_inbox.to(MAINTAINER)[0])
        return re.search(r"http://[^/]+(/open-data/reminders/unsubscribe/\S+)", text)[1]

    def test_the_link_shows_a_page_and_only_its_form_stops_the_reminders(self, app, world, smtp_inbox):
        path = self.link(smtp_inbox)
        page = app.get(path)
        assert MAINTAINER in page.body and "Припинити нагадування" in page.body
        assert model.Session.query(OptOut).count() == 0  # a scanner following the link changed nothing
        app.post(path, data={})
        assert [row.address for row in model.Session.query(OptOut)] == [MAINTAINER]
        assert updates.run(WEEKLY_DUE + dt.timedelta(days=7))["letters"] == 1  # the admin only
        assert len(smtp_inbox.to(MAINTAINER)) == 1

    def test_a_forged_link_is_a_400_in_ukrainian(self, app, world):
        page = app.get("/open-data/reminders/unsubscribe/bWFsbG9yeUBleGFtcGxlLm9yZw.forged", status=400)
        assert "посилання пошкоджене" in page.body.lower()
        app.post("/open-data/reminders/unsubscribe/forged", data={}, status=400)
        assert model.Session.query(OptOut).count() == 0

    def test_the_api_asks_for_a_valid_token(self, app, world):
        response = app.post("/api/3/action/chervonohrad_reminders_unsubscribe", json={"token": "x"}, status=409)
        assert "token" in response.json["error"]

    def test_only_regional_administrators_list_and_undo_the_opt_outs(self, app, world, smtp_inbox):
        app.post(self.link(smtp_inbox), data={})
        headers = {"Authorization": world.admin["token"]}
        app.get("/api/3/action/chervonohrad_reminders_optout_list", headers=headers, status=403)
        app.get("/api/3/action/chervonohrad_reminders_optout_list", status=403)
        from ckan.tests import factories

        sysadmin = factories.SysadminWithToken()
        found = app.get("/api/3/action/chervonohrad_reminders_optout_list",
                        headers={"Authorization": sysadmin["token"]}).json["result"]
        assert [row["address"] for row in found] == [MAINTAINER]
        app.post("/api/3/action/chervonohrad_reminders_optout_delete", json={"address": MAINTAINER.upper()},
                 headers={"Authorization": sysadmin["token"]})
        assert model.Session.query(OptOut).count() == 0


class TestFailures:
    def test_smtp_down_the_letter_waits_and_goes_out_once_it_is_back(self, world, ckan_config):
        # No SMTP server listens: the letters are logged and their emails wait in the queue.
        assert updates.run(WEEKLY_DUE)["letters"] == 2
        queue_jobs = [j for j in mail_jobs()]
        assert len(queue_jobs) == 2
        assert updates.run(WEEKLY_DUE)["letters"] == 0  # the scheduler's next look sends nothing more

    def test_a_crash_before_the_queue_is_reached_loses_nothing_and_doubles_nothing(self, world, smtp_inbox,
                                                                                   monkeypatch):
        def crash():
            raise RuntimeError("the process was stopped")

        monkeypatch.setattr(mail, "queue_pending", crash)
        with pytest.raises(RuntimeError):
            updates.run(WEEKLY_DUE)
        monkeypatch.undo()
        assert smtp_inbox.messages == []
        updates.run(WEEKLY_DUE)  # the restarted scheduler: the outbox is queued, nothing written again
        assert len(smtp_inbox.to(MAINTAINER)) == 1 and len(smtp_inbox.to(ADMIN)) == 1


def mail_jobs():
    from ckan.lib import jobs

    return [job for job in jobs.get_queue(URGENT).get_jobs() if job.func_name.endswith("mail.deliver")]
