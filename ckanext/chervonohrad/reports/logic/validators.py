"""Validators of the reports room's inputs."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.common.validation import fail
from ckanext.chervonohrad.passport import vocabularies


@validator
def chervonohrad_reports_due_date(key, data, errors, context):
    """An optional date written YYYY-MM-DD; empty clears it."""
    value = data.get(key)
    if value in (None, "") or isinstance(value, dt.date):
        data[key] = value or None
        return
    try:
        data[key] = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        fail(key, errors, tk._("Write the date as YYYY-MM-DD"))


@validator
def chervonohrad_reports_list835_item(key, data, errors, context):
    """An item id of Resolution 835's list."""
    if data.get(key) not in vocabularies.keyed("list835", "id"):
        fail(key, errors, tk._("Not an item of the Resolution 835 list"))


@validator
def chervonohrad_reports_lang(key, data, errors, context):
    value = data.get(key) or "uk"
    if value not in ("uk", "en"):
        fail(key, errors, tk._("Language must be uk or en"))
    data[key] = value
