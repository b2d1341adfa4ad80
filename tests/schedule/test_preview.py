"""/open-data/emails/preview: regional administrators only; the day's real letter when there
is one, else an example; the opt-outs and the tasks' cron lines; Ukrainian and English."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from ckan.tests import factories

from ckanext.chervonohrad.reminders import messages, outbox, updates
from tests.reminders.conftest import MAINTAINER, Cycle, World

PAGE = "/open-data/emails/preview"


def as_user(user):
    return {"Authorization": user["token"]}


def test_visitors_and_publishers_are_refused(app, clean_db, clean_index):
    world = World()
    app.get(PAGE, status=403)
    page = app.get(PAGE, headers=as_user(world.admin), status=403)
    assert "регіональні адміністратори" in page.body


def test_an_administrator_reads_the_message_the_tasks_and_the_opt_outs(app, clean_db, clean_index, smtp_inbox):
    World()
    sysadmin = factories.SysadminWithToken()
    page = app.get(PAGE, headers=as_user(sysadmin)).body
    assert "Нагадування про оновлення наборів даних / Datasets due for an update" in page
    assert "Ремонти доріг" in page  # changed in November, weekly: today's real letter
    assert "0 8 * * *" in page and "update_reminders" in page
    assert "Ніхто не відмовився від нагадувань." in page
    updates.run(outbox.today().replace(year=2026, month=11, day=9))
    link = re.search(r"(/open-data/reminders/unsubscribe/\S+)", smtp_inbox.to(MAINTAINER)[0].get_body(
        preferencelist=("plain",)).get_content())[1]
    app.post(link, data={})
    english = app.get("/en" + PAGE, headers=as_user(sysadmin)).body
    assert "Emails and the schedule" in english and MAINTAINER in english


def test_with_nothing_due_every_message_shows_an_example_in_both_languages(app, clean_db, clean_index):
    sysadmin = factories.SysadminWithToken()
    page = BeautifulSoup(app.get(PAGE, headers=as_user(sysadmin)).body, "html.parser")
    shown = {section["id"].removeprefix("preview-") for section in page.select("section[id^=preview-]")}
    assert shown == set(messages.BY_TEMPLATE)
    for template in messages.BY_TEMPLATE:
        text = page.select_one(f"#preview-{template}").get_text(" ", strip=True)
        assert "(приклад: сьогодні цей лист нікому не надходить)" in text
        assert text.index("Доброго дня") < text.index("Hello")  # every message: Ukrainian, then English
    assert "Приклад простроченого набору даних" in page.select_one("#preview-update_reminder").get_text()
    assert "Щотижня (у понеділок)" in page.select_one("#preview-weekly_digest").get_text()
    english = app.get("/en" + PAGE, headers=as_user(sysadmin)).body
    assert "Weekly digest" in english and "(an example: nobody gets this today)" in english
    assert "weekly_letters" in english and "0 8 * * 1" in english


def test_a_real_letter_of_today_is_shown_when_there_is_one(app, clean_db, clean_index):
    Cycle()  # feedback waiting since 2 November: today (December or later) it is late
    page = BeautifulSoup(app.get(PAGE, headers=as_user(factories.SysadminWithToken())).body, "html.parser")
    waiting = page.select_one("#preview-feedback_waiting").get_text(" ", strip=True)
    assert "надійшов 02.11.2026" in waiting and "(приклад" not in waiting
