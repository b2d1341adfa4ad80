"""/open-data/emails/preview: regional administrators only; the day's real letter when there
is one, else an example; the opt-outs and the tasks' cron lines; Ukrainian and English."""
from __future__ import annotations

import re

from ckan.tests import factories

from ckanext.chervonohrad.reminders import outbox, updates
from tests.reminders.conftest import MAINTAINER, World

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


def test_with_nothing_due_the_preview_shows_an_example(app, clean_db, clean_index):
    page = app.get(PAGE, headers=as_user(factories.SysadminWithToken())).body
    assert "Приклад простроченого набору даних" in page and "maintainer@example.org" in page
