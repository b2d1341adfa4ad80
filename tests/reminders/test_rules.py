"""The reminder rules alone: when soon, when overdue, how often, one letter per person."""
from __future__ import annotations

import datetime as dt

from ckanext.chervonohrad.reminders import rules

CHANGED = dt.date(2026, 11, 1)


def on(days_after_change: int) -> dt.date:
    return CHANGED + dt.timedelta(days=days_after_change)


def test_a_monthly_dataset_is_reminded_a_week_before_it_is_due():
    assert rules.reminder("d", CHANGED, 31, on(23), lead_option=7) is None
    soon = rules.reminder("d", CHANGED, 31, on(24), lead_option=7)
    assert (soon.kind, soon.due, soon.days) == (rules.SOON, on(31), 7)


def test_the_lead_is_at_most_a_quarter_of_the_period():
    assert rules.lead_days(7, 7) == 1 and rules.lead_days(1, 7) == 0 and rules.lead_days(92, 7) == 7
    assert rules.reminder("d", CHANGED, 7, on(5), lead_option=7) is None
    assert rules.reminder("d", CHANGED, 7, on(6), lead_option=7).kind == rules.SOON
    assert rules.reminder("d", CHANGED, 1, on(0), lead_option=7) is None  # daily: never in advance


def test_soon_is_sent_once_per_due_date():
    assert rules.reminder("d", CHANGED, 31, on(26), lead_option=7, last_sent={rules.SOON: on(24)}) is None


def test_overdue_on_the_due_date_then_weekly():
    first = rules.reminder("d", CHANGED, 31, on(31), lead_option=7, last_sent={rules.SOON: on(24)})
    assert (first.kind, first.days) == (rules.OVERDUE, 0)
    sent = {rules.OVERDUE: on(31)}
    assert rules.reminder("d", CHANGED, 31, on(37), lead_option=7, last_sent=sent) is None
    again = rules.reminder("d", CHANGED, 31, on(38), lead_option=7, last_sent=sent)
    assert (again.kind, again.days) == (rules.OVERDUE, 7)


def test_no_period_or_no_date_is_never_reminded():
    assert rules.reminder("d", CHANGED, None, on(400), lead_option=7) is None
    assert rules.reminder("d", None, 31, on(400), lead_option=7) is None


def test_one_letter_per_address_most_overdue_first_and_the_skipped_left_out():
    soon = rules.Due("a", rules.SOON, on(31), 3)
    late = rules.Due("b", rules.OVERDUE, on(1), 20)
    later = rules.Due("c", rules.OVERDUE, on(1), 40)
    letters = rules.letters([("Ira@Example.org", "Ірина", soon), ("ira@example.org", "Ірина", late),
                             ("ira@example.org", "Ірина", later), ("out@example.org", "X", late),
                             ("today@example.org", "Y", late), ("", "nobody", late)],
                            skip={"today@example.org", "out@example.org"}.__contains__)
    assert [letter.address for letter in letters] == ["ira@example.org"]
    assert [i.package_id for i in letters[0].items] == ["c", "b", "a"]
