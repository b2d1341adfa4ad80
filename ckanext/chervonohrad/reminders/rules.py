"""When a dataset's people are reminded of its next update (pure: dates in, decisions out).

A dataset with a fixed update period is due `period` days after its last change (the quality
engine's timeliness rule, so a reminder and the score never disagree). Its people hear of it:

- `soon`: `lead` days before it is due, once per due date. The lead is the option's days, but
  at most a quarter of the period (a weekly dataset a day before; a daily one never in
  advance: that would be an email every day);
- `overdue`: on the due date and then every `OVERDUE_EVERY` days while it stays overdue.

The due date changes when the dataset is updated, so a new due date starts afresh. Each person
gets at most one reminder email a day, naming all their datasets (`letters`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SOON, OVERDUE = "soon", "overdue"
OVERDUE_EVERY = 7


@dataclass(frozen=True)
class Due:
    """One dataset's reminder to send today."""

    package_id: str
    kind: str  # SOON or OVERDUE
    due: dt.date
    days: int  # days until it is due (soon) or since it was (overdue)


@dataclass
class Letter:
    """Everything one person is told today."""

    address: str
    name: str
    items: list[Due] = field(default_factory=list)


def lead_days(period: int, option: int) -> int:
    return max(0, min(option, period // 4))


def due_date(last_change: dt.date, period: int) -> dt.date:
    return last_change + dt.timedelta(days=period)


def reminder(package_id: str, last_change: dt.date | None, period: int | None, today: dt.date, *,
             lead_option: int, last_sent: Mapping[str, dt.date] | None = None) -> Due | None:
    """Today's reminder of one dataset, or None. `last_sent`: the day each kind was last sent
    for this due date (the sent log)."""
    if last_change is None or not period:
        return None
    due = due_date(last_change, period)
    sent = last_sent or {}
    if today >= due:
        last = sent.get(OVERDUE)
        if last is None or (today - last).days >= OVERDUE_EVERY:
            return Due(package_id, OVERDUE, due, (today - due).days)
        return None
    lead = lead_days(period, lead_option)
    if lead and (due - today).days <= lead and SOON not in sent:
        return Due(package_id, SOON, due, (due - today).days)
    return None


def letters(candidates: Iterable[tuple[str, str, Due]], skip: Callable[[str], bool] = lambda address: False
            ) -> list[Letter]:
    """One letter per address (lower case) from (address, name, reminder) candidates, most
    overdue first; an address `skip` names (written to today, opted out) gets none."""
    found: dict[str, Letter] = {}
    for address, name, item in candidates:
        key = (address or "").strip().lower()
        if not key or skip(key):
            continue
        letter = found.setdefault(key, Letter(key, name or key))
        if item not in letter.items:
            letter.items.append(item)
    for letter in found.values():
        letter.items.sort(key=lambda d: (d.kind != OVERDUE, -d.days if d.kind == OVERDUE else d.days))
    return sorted(found.values(), key=lambda letter: letter.address)


# ---- feedback waiting for an answer -------------------------------------------------------
# Working days are Monday to Friday: under martial law Ukraine's public holidays are working
# days (Law No. 2136-IX), so no holiday calendar is kept.

def working_day_after(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `day`."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def feedback_round(received: dt.date, today: dt.date, working_days: int) -> int | None:
    """Which reminder of an unanswered item is due today: None before its `working_days`-th
    working day after the day it came, then 0 on that day, 1 a week later, and so on (each
    round is told once)."""
    late_from = working_day_after(received, max(1, working_days))
    if today < late_from:
        return None
    return (today - late_from).days // OVERDUE_EVERY


def week_of(day: dt.date) -> str:
    """The ISO week a day falls in, as the digests' sent log names it ("2026-W50")."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    days, count = start, 0
    while days < end:
        days += dt.timedelta(days=1)
        count += days.weekday() < 5
    return count


# ---- the weekly digest ---------------------------------------------------------------------
FIX_FIRST = 3  # hints a digest names
CHANGES_SHOWN = 5  # score changes a digest names
CHANGE_MIN = 0.5  # smaller moves of a dataset's score are noise, not news


def ranks(rows: Iterable[Mapping[str, Any]], key: str = "meets_share") -> dict[str, int]:
    """Each row's place (1 = best) by `key`, then by the average score; rows without the figure
    come last, ties share no place (the rating page's order)."""
    def order(row: Mapping[str, Any]) -> tuple:
        value, score = row.get(key), row.get("avg_score")
        return (value is None, -(value or 0), score is None, -(score or 0), str(row.get("title") or "").casefold())
    return {row["id"]: place for place, row in enumerate(sorted(rows, key=order), start=1)}


def fix_first(indicators_by_dataset: Iterable[Iterable[Mapping[str, Any]]], count: int = FIX_FIRST
              ) -> list[dict[str, Any]]:
    """The engine's hints of the indicators a publisher's datasets fail, the most points to gain
    first: one line per indicator with the points it would add and the datasets it concerns."""
    found: dict[str, dict[str, Any]] = {}
    for indicators in indicators_by_dataset:
        for indicator in indicators or ():
            missing = float(indicator.get("max_points") or 0) - float(indicator.get("points") or 0)
            hint = indicator.get("hint") or {}
            if missing <= 0 or not (hint.get("uk") or hint.get("en")):
                continue
            line = found.setdefault(indicator["key"], {"key": indicator["key"], "hint": hint,
                                                       "points": 0.0, "datasets": 0})
            line["points"] += missing
            line["datasets"] += 1
    lines = sorted(found.values(), key=lambda line: (-line["points"], line["key"]))[:count]
    return [dict(line, points=round(line["points"], 1)) for line in lines]


def score_changes(now: Mapping[str, float], before: Mapping[str, float], count: int = CHANGES_SHOWN
                  ) -> list[tuple[str, float, float]]:
    """(dataset id, score before, score now) of the datasets whose score moved by CHANGE_MIN or
    more, the largest moves first; a dataset scored for the first time is not a change."""
    moved = [(package_id, before[package_id], score) for package_id, score in now.items()
             if package_id in before and abs(score - before[package_id]) >= CHANGE_MIN]
    return sorted(moved, key=lambda m: (-abs(m[2] - m[1]), m[0]))[:count]
