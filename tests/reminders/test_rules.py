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


# ---- feedback waiting ------------------------------------------------------------------------
MONDAY = dt.date(2026, 11, 2)


def test_working_days_skip_the_weekend():
    assert rules.working_day_after(MONDAY, 5) == dt.date(2026, 11, 9)  # Friday's weekend is skipped
    assert rules.working_day_after(dt.date(2026, 11, 6), 1) == dt.date(2026, 11, 9)  # Friday → Monday
    assert rules.working_days_between(MONDAY, dt.date(2026, 11, 9)) == 5
    assert rules.working_days_between(dt.date(2026, 11, 7), dt.date(2026, 11, 8)) == 0  # a Saturday to Sunday


def test_a_waiting_item_is_told_on_its_last_working_day_then_weekly():
    assert rules.feedback_round(MONDAY, dt.date(2026, 11, 6), 5) is None
    assert rules.feedback_round(MONDAY, dt.date(2026, 11, 9), 5) == 0
    assert rules.feedback_round(MONDAY, dt.date(2026, 11, 15), 5) == 0  # the same round: not told again
    assert rules.feedback_round(MONDAY, dt.date(2026, 11, 16), 5) == 1
    # An item that came on a Saturday counts from Monday.
    assert rules.feedback_round(dt.date(2026, 11, 7), dt.date(2026, 11, 13), 5) == 0
    assert rules.feedback_round(dt.date(2026, 11, 7), dt.date(2026, 11, 12), 5) is None
    assert rules.feedback_round(MONDAY, MONDAY, 0) is None  # at least one working day


def test_weeks_are_iso_weeks():
    assert rules.week_of(dt.date(2026, 12, 7)) == "2026-W50"
    assert rules.week_of(dt.date(2027, 1, 1)) == "2026-W53"  # a Friday of the year's last ISO week


# ---- the digest ------------------------------------------------------------------------------

def test_ranks_put_the_best_share_first_and_unknown_figures_last():
    rows = [{"id": "a", "title": "A", "meets_share": 50.0, "avg_score": 70.0},
            {"id": "b", "title": "B", "meets_share": 80.0, "avg_score": 60.0},
            {"id": "c", "title": "C", "meets_share": None, "avg_score": None},
            {"id": "d", "title": "D", "meets_share": 50.0, "avg_score": 75.0}]
    assert rules.ranks(rows) == {"b": 1, "d": 2, "a": 3, "c": 4}


def indicator(key, points, max_points, hint="fix it"):
    return {"key": key, "points": points, "max_points": max_points, "hint": {"uk": hint, "en": hint}}


def test_fix_first_sums_the_points_to_gain_over_datasets_most_first():
    datasets = [[indicator("structure", 0, 10), indicator("licence", 5, 5), indicator("tags", 1, 3)],
                [indicator("structure", 4, 10), indicator("tags", 0, 3)],
                [indicator("timeliness", 0, 8, hint="")],  # no hint to give: not listed
                None]  # a dataset scored before indicators were stored
    assert rules.fix_first(datasets) == [
        {"key": "structure", "hint": {"uk": "fix it", "en": "fix it"}, "points": 16.0, "datasets": 2},
        {"key": "tags", "hint": {"uk": "fix it", "en": "fix it"}, "points": 5.0, "datasets": 2}]


def test_score_changes_are_the_largest_moves_and_never_a_first_score():
    now = {"a": 70.0, "b": 50.0, "c": 40.2, "new": 90.0}
    before = {"a": 60.0, "b": 58.0, "c": 40.0}
    assert rules.score_changes(now, before) == [("a", 60.0, 70.0), ("b", 58.0, 50.0)]
