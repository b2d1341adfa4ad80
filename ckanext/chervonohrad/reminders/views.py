"""The unsubscribe page a reminder links to: GET shows it, its form's POST stops the reminders
(a mail scanner that follows the link changes nothing)."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.reminders import unsubscribe

blueprint = Blueprint("chervonohrad_reminders", __name__)


def unsubscribe_page(token: str):
    address = unsubscribe.address_of(token)
    if address is None:
        return tk.render("chervonohrad/reminders/unsubscribe.html", extra_vars={
            "error": tk._("This link is damaged or was not made by this portal"), "token": token}), 400
    done = None
    if tk.request.method == "POST":
        done = tk.get_action("chervonohrad_reminders_unsubscribe")({"user": viewer_name()}, {"token": token})
    return tk.render("chervonohrad/reminders/unsubscribe.html", extra_vars={
        "address": address, "token": token, "done": done, "error": None})


blueprint.add_url_rule("/open-data/reminders/unsubscribe/<token>", endpoint="unsubscribe",
                       view_func=unsubscribe_page, methods=["GET", "POST"])
