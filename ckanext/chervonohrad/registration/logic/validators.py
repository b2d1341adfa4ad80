from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.passport import rules


@validator
def chervonohrad_email_list(key, data, errors, context):
    """Emails as a list, or as text separated by commas, semicolons or new lines."""
    value = data.get(key)
    if value is missing or value is None:
        return
    items = value if isinstance(value, list) else re.split(r"[,;\s]+", str(value))
    emails = [str(item).strip() for item in items if str(item).strip()]
    bad = [email for email in emails if not rules.email_is_valid(email)]
    if bad:
        errors[key].append(tk._("Not valid email addresses: {emails}").format(emails=", ".join(bad)))
        raise tk.StopOnError
    data[key] = sorted(set(emails), key=emails.index)


@validator
def chervonohrad_consent(key, data, errors, context):
    if data.get(key) is not True:
        errors[key].append(tk._("Consent to the processing of personal data is required"))
        raise tk.StopOnError
