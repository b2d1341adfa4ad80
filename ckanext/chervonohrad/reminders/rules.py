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
