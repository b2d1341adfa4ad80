"""What the hromada room's actions accept."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def officer(not_empty, unicode_safe, chervonohrad_hromada):
    return {"hromada": [not_empty, unicode_safe, chervonohrad_hromada], "user": [not_empty, unicode_safe]}


@tk.validator_args
def officer_list(ignore_missing, unicode_safe, chervonohrad_hromada):
    return {"hromada": [ignore_missing, unicode_safe, chervonohrad_hromada]}


@tk.validator_args
def assignment(not_empty, unicode_safe, chervonohrad_hromada):
    return {"organization": [not_empty, unicode_safe], "hromada": [not_empty, unicode_safe, chervonohrad_hromada]}


@tk.validator_args
def assign(not_empty):
    return {"assignments": [not_empty], "__extras": []}
