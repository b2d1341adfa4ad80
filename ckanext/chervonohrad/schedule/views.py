"""/open-data/emails/preview, for regional administrators: every message the scheduler sends,
rendered as its recipient gets it (today's first real letter when there is one, else an
example), the addresses that stopped reminders, and each task's last run."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import mail
from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.reminders import messages, outbox
from ckanext.chervonohrad.schedule import runner
from ckanext.chervonohrad.schedule.tasks import TASKS

blueprint = Blueprint("chervonohrad_schedule", __name__)


def _rendered(message: messages.Message) -> dict[str, Any]:
    on = outbox.today()
    letters = message.plan(on)
    if letters:
        to, variables, real = letters[0].address, letters[0].variables, True
    else:
        variables = message.example(on)
        to, real = tk._("(an example: nobody gets this today)"), False
    subject, body = mail.render(message.template, **variables)
    return {"template": message.template, "title": tk._(message.title), "when": tk._(message.when), "to": to,
            "real": real, "subject": subject, "body": body}


@blueprint.route("/open-data/emails/preview")
def preview():
    if not is_regional_admin(viewer_name()):
        return tk.abort(403, tk._("Only regional administrators may see the emails' previews"))
    context = {"user": viewer_name()}
    return tk.render("chervonohrad/schedule/preview.html", extra_vars={
        "messages": [_rendered(message) for message in messages.MESSAGES],
        "optouts": tk.get_action("chervonohrad_reminders_optout_list")(context, {}),
        "tasks": [(task, task.cadence()) for task in TASKS], "runs": runner.last_runs()})
