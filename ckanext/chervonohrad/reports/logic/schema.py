"""What the reports room's actions accept."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def audit(ignore_missing, unicode_safe, boolean_validator, chervonohrad_hromada):
    return {
        "publisher": [ignore_missing, unicode_safe],
        "hromada": [ignore_missing, unicode_safe, chervonohrad_hromada],
        "items": [ignore_missing, boolean_validator],
    }


@tk.validator_args
def audit_assign(not_empty, ignore_missing, unicode_safe, chervonohrad_max_length,
                 chervonohrad_reports_list835_item, chervonohrad_reports_due_date):
    return {
        "publisher": [not_empty, unicode_safe],
        "item": [not_empty, unicode_safe, chervonohrad_reports_list835_item],
        "responsible": [ignore_missing, unicode_safe, chervonohrad_max_length(200)],
        "due_date": [ignore_missing, chervonohrad_reports_due_date],
    }


@tk.validator_args
def register(ignore_missing, unicode_safe, chervonohrad_reports_lang, chervonohrad_hromada):
    return {
        "publisher": [ignore_missing, unicode_safe],
        "hromada": [ignore_missing, unicode_safe, chervonohrad_hromada],
        "lang": [ignore_missing, chervonohrad_reports_lang],
    }


@tk.validator_args
def register_publish(not_empty, ignore_missing, unicode_safe):
    return {
        "publisher": [not_empty, unicode_safe],
        "dataset": [ignore_missing, unicode_safe],
    }


@tk.validator_args
def dashboard(ignore_missing, unicode_safe, chervonohrad_hromada):
    return {"hromada": [ignore_missing, unicode_safe, chervonohrad_hromada]}
