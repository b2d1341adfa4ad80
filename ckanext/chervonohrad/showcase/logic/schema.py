"""Schemas of the use case actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.showcase import status


def decide():
    not_empty, unicode_safe, one_of = tk.get_validator("not_empty"), tk.get_validator("unicode_safe"), \
        tk.get_validator("one_of")
    return {"id": [not_empty, unicode_safe], "decision": [not_empty, unicode_safe, one_of(list(status.DECISIONS))]}


def of_dataset():
    not_empty, unicode_safe = tk.get_validator("not_empty"), tk.get_validator("unicode_safe")
    return {"id": [not_empty, unicode_safe]}
