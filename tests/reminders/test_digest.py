"""The weekly digest end to end: what a publisher's administrator and a council officer read on
a Monday, once a week, in Ukrainian then English; nothing for people who look after nothing."""
from __future__ import annotations

import datetime as dt

from ckan import model
from ckan.tests import factories

from ckanext.chervonohrad.quality.model import DatasetScore, ScoreHistory
from ckanext.chervonohrad.reminders import digest, messages
from ckanext.chervonohrad.reminders.model import OptOut
from tests import legacy
from tests.reminders.conftest import ADMIN, COORDINATOR, MAINTAINER, OFFICER_A, OFFICER_B, SOKAL_ADMIN, feedback_on
from tests.reminders.test_updates import body

MONDAY = dt.date(2026, 11, 16)  # the weekly dataset is overdue since 09.11; its feedback waits


def send(day: dt.date = MONDAY) -> int:
    return messages.send(digest.TEMPLATE, day)["letters"]


def scored_before(package_id: str, score: float, days_ago: int = 10) -> float:
    """A score the dataset had before this week, in its history; returns today's score."""
    now = model.Session.get(DatasetScore, package_id).score
    model.Session.add(ScoreHistory(package_id=package_id, score=score, band="bad",
                                   computed_at=dt.datetime.combine(MONDAY, dt.time()) - dt.timedelta(days=days_ago)))
    model.Session.commit()
    return now


def test_a_publishers_admin_reads_its_week(cycle, smtp_inbox):
    now = scored_before(cycle.monthly["id"], 20.0)
    feedback_on(cycle.monthly["id"], created=dt.datetime.combine(MONDAY, dt.time()) - dt.timedelta(days=2))
    assert send() == 4  # A's admin, B's admin, each hromada's officer
    [letter] = smtp_inbox.to(ADMIN)
    text = body(letter)
    assert letter["Subject"] == "Тижневий огляд відкритих даних / Your open data this week (2026-W47)"
    assert "== Управління доріг ==" in text
    assert "Місце серед розпорядників громади: 1 з 1" in text  # hromada A has one publisher
    assert "Нових відгуків за тиждень: 1; чекають на відповідь понад строк: 2" in text
    assert "- «Ремонти доріг» (строк — 09.11.2026)" in text
    assert f"- «Ями на дорогах»: 20.0 → {now:.1f}" in text
    assert "Що виправити насамперед:" in text and "What to fix first:" in text
    assert "/publishers/rating/roads" in text
    assert text.index("Доброго дня") < text.index("Hello")
    assert "/open-data/reminders/unsubscribe/" in text
    assert smtp_inbox.to(MAINTAINER) == []  # a maintainer is not an administrator
    assert smtp_inbox.to(COORDINATOR) == []  # the oblast reads its dashboard; its letter is the scorecard


def test_an_officer_reads_their_hromada_publisher_by_publisher(cycle, smtp_inbox):
    send()
    text = body(smtp_inbox.to(OFFICER_A)[0])
    assert "== м. Шептицький та Шептицька територіальна громада ==" in text
    assert "== Sheptytska hromada (Sheptytskyi city) ==" in text
    assert "Місце серед громад області: 2 з 2" in text  # both 100 %; B's datasets score higher
    assert "- 1. Управління доріг: оцінка " in text
    assert "Сокальводоканал" not in text  # hromada B's
    assert "Сокальводоканал" in body(smtp_inbox.to(OFFICER_B)[0])
    assert "Сокальводоканал" in body(smtp_inbox.to(SOKAL_ADMIN)[0])


def test_once_a_week_and_never_to_who_opted_out(cycle, smtp_inbox):
    model.Session.add(OptOut(address=SOKAL_ADMIN))
    model.Session.commit()
    assert send() == 3
    assert send(MONDAY + dt.timedelta(days=2)) == 0  # the same week
    assert send(MONDAY + dt.timedelta(days=7)) == 3
    assert smtp_inbox.to(SOKAL_ADMIN) == []
    assert len(smtp_inbox.to(ADMIN)) == 2


def test_old_content_a_publisher_without_scores_or_hromada(cycle, smtp_inbox):
    stray = factories.UserWithToken(email="stray@old.example")
    old = legacy.organization("staryi-rozporiadnyk", admin=stray["name"])  # no hromada, no type, no EDRPOU
    legacy.dataset(old["id"], title="Старі дані", update_frequency="Щокварталу")
    model.Session.query(DatasetScore).delete()  # nothing scored yet
    model.Session.commit()
    assert send() == 5
    text = body(smtp_inbox.to("stray@old.example")[0])
    assert "== Staryi Rozporiadnyk ==" in text and "Середня оцінка якості: —" in text
    assert "Місце серед розпорядників громади: 1 з 1" in text  # ranked among those naming no hromada
