"""/open-data/emails/preview, for regional administrators: every message the scheduler sends,
rendered as its recipient gets it, the addresses that stopped reminders, and each task's last run."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import mail
from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.reminders import rules, updates
from ckanext.chervonohrad.schedule import runner
from ckanext.chervonohrad.schedule.tasks import TASKS

blueprint = Blueprint("chervonohrad_schedule", __name__)


def _sample_letter() -> tuple[rules.Letter, dict]:
    """Today's first real letter when there is one, else an example of both kinds."""
    letters, datasets = updates.plan(updates.today())
    if letters:
        return letters[0], datasets
    today = updates.today()
    example = {"sample-a": {"name": "sample-a", "title": tk._("Example dataset due soon")},
               "sample-b": {"name": "sample-b", "title": tk._("Example overdue dataset")}}
    letter = rules.Letter("maintainer@example.org", tk._("Responsible person"), [
        rules.Due("sample-b", rules.OVERDUE, today - dt.timedelta(days=9), 9),
        rules.Due("sample-a", rules.SOON, today + dt.timedelta(days=5), 5)])
    return letter, example


@blueprint.route("/open-data/emails/preview")
def preview():
    if not is_regional_admin(viewer_name()):
        return tk.abort(403, tk._("Only regional administrators may see the emails' previews"))
    letter, datasets = _sample_letter()
    subject, body = mail.render(updates.TEMPLATE, **updates.letter_variables(letter, datasets))
    context = {"user": viewer_name()}
    return tk.render("chervonohrad/schedule/preview.html", extra_vars={
        "messages": [{"template": updates.TEMPLATE, "subject": subject, "body": body, "to": letter.address}],
        "optouts": tk.get_action("chervonohrad_reminders_optout_list")(context, {}),
        "tasks": [(task, task.cadence()) for task in TASKS], "runs": runner.last_runs()})
