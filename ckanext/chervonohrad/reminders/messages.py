"""Every message the portal sends by itself, as a table: its template, when it goes, how
today's letters are planned, and an example for the preview page when today has none."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.performance.figures import previous_quarter
from ckanext.chervonohrad.reminders import digest, feedback, outbox, quarterly, rules, updates


@dataclass(frozen=True)
class Message:
    template: str
    title: str
    when: str
    plan: Callable[[dt.date], list[outbox.Outgoing]]
    example: Callable[[dt.date], dict[str, Any]]  # the variables of a made-up letter


def _update_plan(on: dt.date) -> list[outbox.Outgoing]:
    letters, datasets = updates.plan(on)
    return [updates.outgoing(letter, datasets, on) for letter in letters]


def _update_example(on: dt.date) -> dict[str, Any]:
    datasets = {"sample-a": {"name": "sample-a", "title": tk._("Example dataset due soon")},
                "sample-b": {"name": "sample-b", "title": tk._("Example overdue dataset")}}
    letter = rules.Letter("maintainer@example.org", tk._("Responsible person"), [
        rules.Due("sample-b", rules.OVERDUE, on - dt.timedelta(days=9), 9),
        rules.Due("sample-a", rules.SOON, on + dt.timedelta(days=5), 5)])
    return updates.letter_variables(letter, datasets)


def _line(**values: Any) -> dict[str, Any]:
    return {"dataset": tk._("Example dataset"), "received": "02.11.2026", "waited": 7,
            "url": f"{outbox.site_url()}/feedback/example", **values}


def _feedback_example(on: dt.date) -> dict[str, Any]:
    return outbox.with_unsubscribe("maintainer@example.org", {
        "recipient_name": tk._("Responsible person"), "days": config.feedback_reminder_working_days(),
        "items": [_line()]})


def _hromada_feedback_example(on: dt.date) -> dict[str, Any]:
    return outbox.with_unsubscribe("officer@example.org", {
        "recipient_name": tk._("Council officer"), "days": config.feedback_reminder_working_days(),
        "hromadas": [{"title": "Шептицька міська громада", "title_en": "Sheptytskyi city hromada",
                      "waiting": [_line(publisher=tk._("Example publisher"))]}]})


def _digest_example(on: dt.date) -> dict[str, Any]:
    publisher = {
        "title": tk._("Example publisher"), "url": f"{outbox.site_url()}/publishers/rating", "rank": 2, "of": 5,
        "rank_before": 3, "avg_score": 71.5, "meets_share": 60.0,
        "trend": {"quarter": previous_quarter(on), "avg_score": 4.5, "meets_share": 10.0},
        "new_feedback": 2, "waiting_feedback": 1,
        "overdue": [{"title": tk._("Example overdue dataset"), "due": "01.11.2026", "days": 30}],
        "changes": [{"title": tk._("Example dataset"), "before": 55.0, "now": 68.0}],
        "fix_first": [{"uk": "Додайте опис структури набору (JSON Table Schema).",
                       "en": "Add a description of the dataset's structure (a JSON Table Schema).",
                       "points": 12.0, "datasets": 3}],
    }
    return outbox.with_unsubscribe("admin@example.org", {
        "recipient_name": tk._("Publisher administrator"), "week": rules.week_of(on),
        "since": (on - dt.timedelta(days=7)).strftime("%d.%m.%Y"), "publishers": [publisher], "hromadas": []})


def _quarter_plan(on: dt.date) -> list[outbox.Outgoing]:
    return quarterly.plan(previous_quarter(on), on)


def _quarter_example(on: dt.date) -> dict[str, Any]:
    quarter = previous_quarter(on)
    due = quarterly.deadline(quarter)
    return outbox.with_unsubscribe("oblast@example.org", {
        "recipient_name": tk._("Regional administrator"), "quarter": quarter,
        "deadline": due.strftime("%d.%m.%Y") if due else None,
        "sections": [{"title": quarterly.OBLAST["uk"], "title_en": quarterly.OBLAST["en"], "datasets": 120,
                      "avg_score": 68.2, "meets_share": 57.5, "on_time_share": 80.0,
                      "links": quarterly.links(quarter)}]})


MESSAGES: tuple[Message, ...] = (
    Message(updates.TEMPLATE, _n("Update reminder"),
            _n("Daily, to each dataset's responsible person and its publisher's administrators: days before the next "
               "update is due, on the due date and weekly while overdue; one email a day per person."),
            _update_plan, _update_example),
    Message(feedback.TEMPLATE, _n("Feedback waiting for an answer"),
            _n("Daily, to the dataset's responsible person and its publisher's administrators: once an item of "
               "feedback has waited the set working days, then weekly while it waits."),
            feedback.plan, _feedback_example),
    Message(feedback.HROMADA_TEMPLATE, _n("Feedback waiting in the hromada"),
            _n("Weekly (Mondays), to each hromada's council officers: the items its publishers have left "
               "unanswered past the working days."),
            feedback.hromada_plan, _hromada_feedback_example),
    Message(digest.TEMPLATE, _n("Weekly digest"),
            _n("Weekly (Mondays), to each publisher's administrators and each hromada's council officers: new "
               "feedback, overdue datasets, score changes, rank and its trend, what to fix first."),
            digest.plan, _digest_example),
    Message(quarterly.TEMPLATE, _n("Quarterly scorecard"),
            _n("On a quarter's first day, once the last quarter's snapshot is taken: to regional administrators "
               "(the oblast) and council officers (their hromada), with the ministry's deadline."),
            _quarter_plan, _quarter_example),
)
BY_TEMPLATE = {message.template: message for message in MESSAGES}


def send(template: str, on: dt.date) -> dict[str, int]:
    """Send one message's letters of `on` (safe to run again: the sent log)."""
    if template == updates.TEMPLATE:
        return updates.run(on)  # it also trims its own log
    return outbox.send(template, BY_TEMPLATE[template].plan(on))

