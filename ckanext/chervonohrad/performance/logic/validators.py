"""Validators of the quality room's inputs: quarters and assessment points."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.common.validation import fail
from ckanext.chervonohrad.performance import figures

MAX_POINTS = 100


@validator
def chervonohrad_quarter(key, data, errors, context):
    """A quarter written like 2025Q3 that has already begun."""
    value = data.get(key)
    if figures.parse_quarter(value) is None:
        fail(key, errors, tk._("Write the quarter as YYYYQN, for example 2025Q3"))
    if not figures.quarter_is_past_or_current(value, dt.date.today()):
        fail(key, errors, tk._("Quarter {quarter} has not begun yet").format(quarter=value))


@validator
def chervonohrad_points(key, data, errors, context):
    value = data.get(key)
    try:
        points = float(str(value).replace(",", "."))
    except ValueError:
        fail(key, errors, tk._("Points must be a number"))
    if not 0 <= points <= MAX_POINTS or points != points:  # the last test catches NaN
        fail(key, errors, tk._("Points must be between 0 and {max}").format(max=MAX_POINTS))
    data[key] = points
