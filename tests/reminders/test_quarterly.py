"""The quarterly cycle: the scheduler freezes the quarter that ended on the next one's first day
and the regional administrators and council officers get its scorecard's links with the
ministry's deadline, once; the dashboard says whether the snapshot and the letters exist."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup

from ckan import model

from ckanext.chervonohrad.performance import rating
from ckanext.chervonohrad.performance.figures import previous_quarter
from ckanext.chervonohrad.reminders import outbox, quarterly
from ckanext.chervonohrad.schedule import runner
from ckanext.chervonohrad.schedule.tasks import BY_NAME
from tests.hromada.officers import SHEPTYTSKA
from tests.reminders.conftest import ADMIN, COORDINATOR, OFFICER_A, OFFICER_B
from tests.reminders.test_updates import body

FIRST_DAY = dt.date(2026, 10, 1)


def send(quarter: str = "2026Q3") -> int:
    return outbox.send(quarterly.TEMPLATE, quarterly.plan(quarter, FIRST_DAY))["letters"]


def test_the_deadline_follows_the_quarters_end():
    assert quarterly.quarter_end("2026Q3") == dt.date(2026, 9, 30)
    assert quarterly.quarter_end("2026Q4") == dt.date(2026, 12, 31)


def test_no_snapshot_no_letter(cycle, smtp_inbox):
    assert send() == 0
    assert smtp_inbox.messages == []


def test_the_oblast_and_each_officer_get_their_scorecard_once(cycle, smtp_inbox, reset_redis):
    rating.take_snapshot("2026Q3")
    model.Session.commit()
    assert send() == 3  # the regional administrator (test.ini) and the two officers
    assert send() == 0
    [letter] = smtp_inbox.to(COORDINATOR)
    text = body(letter)
    assert letter["Subject"].startswith("Квартальний моніторинг 2026Q3: табло готове")
    assert "Строк подання до Міністерства цифрової трансформації — 15.10.2026." in text
    assert "It is due at the Ministry of Digital Transformation by 15.10.2026." in text
    assert re.search(r"Львівська область: наборів \d+, середня оцінка [\d.]+, відповідають рекомендаціям", text)
    assert re.search(r"CSV: http://\S+/publishers/rating/scorecard/2026Q3\.csv\n", text)
    officer = body(smtp_inbox.to(OFFICER_A)[0])
    assert f"/publishers/rating/scorecard/2026Q3.xlsx?hromada={SHEPTYTSKA}" in officer
    assert "Львівська область" not in officer  # an officer's letter is their hromada's
    assert len(smtp_inbox.to(OFFICER_B)) == 1 and smtp_inbox.to(ADMIN) == []


@pytest.mark.ckan_config("ckanext.chervonohrad.scorecard_deadline_days", 0)
def test_without_a_deadline_the_letter_names_none(cycle, smtp_inbox):
    rating.take_snapshot("2026Q3")
    model.Session.commit()
    send()
    assert "Строк подання" not in body(smtp_inbox.to(COORDINATOR)[0])


def test_the_scheduler_freezes_the_quarter_and_sends_it_once(cycle, smtp_inbox):
    outcome = runner.run_task(BY_NAME["quarter_snapshot"], "2026Q3")  # the period is the quarter that ended
    assert outcome == "ok: 2026Q3: 2 publishers frozen; scorecard sent to 3"
    assert quarterly.status("2026Q3")["scorecard_recipients"] == 3
    # A snapshot a person took by hand before the scheduler: the letters still go, once.
    rating.take_snapshot("2026Q4")
    model.Session.commit()
    outcome = runner.run_task(BY_NAME["quarter_snapshot"], "2026Q4")
    assert outcome == "ok: 2026Q4 was frozen already; scorecard sent to 3"
    assert len(smtp_inbox.to(COORDINATOR)) == 2


# The dashboard reads today's date (a frozen clock would also void the test accounts' API tokens).
ENDED = previous_quarter(dt.date.today())


def cycle_text(app, user=None, lang="") -> str:
    headers = {"Authorization": user["token"]} if user else {}
    page = app.get(f"{lang}/open-data/dashboard", headers=headers).body
    return BeautifulSoup(page, "html.parser").select_one("#quarter-cycle").get_text(" ", strip=True)


def test_the_dashboard_says_whether_the_snapshot_and_the_scorecard_exist(app, cycle, smtp_inbox):
    missing = cycle_text(app, cycle.officer_a)
    assert f"Квартальний моніторинг {ENDED}" in missing
    assert "Знімка цього кварталу ще немає" in missing and "Табло ще немає." in missing
    rating.take_snapshot(ENDED)
    model.Session.commit()
    assert "Табло є, але ще не надіслане." in cycle_text(app, cycle.officer_a)
    outbox.send(quarterly.TEMPLATE, quarterly.plan(ENDED, dt.date.today()))
    sent = dt.date.today().strftime("%d.%m.%Y")
    page = cycle_text(app, cycle.officer_a)
    assert "Знімок зроблено" in page and f"Табло надіслано {sent}; адресатів: 3." in page
    due = quarterly.deadline(ENDED).strftime("%d.%m.%Y")
    assert f"Строк подання до міністерства — {due}." in page
    public = cycle_text(app)
    assert "Знімок зроблено" in public and "Табло" not in public  # who got what is not public
    english = cycle_text(app, cycle.coordinator, "/en")
    assert f"Quarterly monitoring of {ENDED}" in english
    assert f"Scorecard emailed on {sent} to 3 recipient(s)." in english
