"""Validators of the adoption room's action."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.adoption.logic.schema import MAX_LIMIT
from ckanext.chervonohrad.common.registry import validator


@validator
def chervonohrad_adoption_limit(value):
    if not 1 <= value <= MAX_LIMIT:
        raise tk.Invalid(tk._("Give a number from 1 to {max}").format(max=MAX_LIMIT))
    return value
