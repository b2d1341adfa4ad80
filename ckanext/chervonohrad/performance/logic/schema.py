"""What the quality room's actions accept."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.performance import figures, oblast


@tk.validator_args
def publisher_rating(ignore_missing, unicode_safe, one_of, chervonohrad_hromada):
    return {
        "id": [ignore_missing, unicode_safe],
        "hromada": [ignore_missing, unicode_safe, chervonohrad_hromada],
        "sort": [ignore_missing, unicode_safe, one_of(list(figures.SORT_KEYS))],
        "order": [ignore_missing, unicode_safe, one_of(["asc", "desc"])],
    }


@tk.validator_args
def oblast_overview(ignore_missing, unicode_safe, one_of):
    return {
        "sort": [ignore_missing, unicode_safe, one_of(list(oblast.SORT_KEYS))],
        "order": [ignore_missing, unicode_safe, one_of(["asc", "desc"])],
        "lang": [ignore_missing, unicode_safe, one_of(["uk", "en"])],
    }


@tk.validator_args
def snapshot_list(ignore_missing, unicode_safe, chervonohrad_quarter, chervonohrad_hromada):
    return {
        "id": [ignore_missing, unicode_safe],
        "hromada": [ignore_missing, unicode_safe, chervonohrad_hromada],
        "quarter": [ignore_missing, unicode_safe, chervonohrad_quarter],
    }


@tk.validator_args
def assessment_create(not_empty, ignore_missing, unicode_safe, chervonohrad_quarter, chervonohrad_points,
                      chervonohrad_max_length):
    return {
        "id": [not_empty, unicode_safe],
        "quarter": [not_empty, unicode_safe, chervonohrad_quarter],
        "points": [not_empty, chervonohrad_points],
        "comment": [ignore_missing, unicode_safe, chervonohrad_max_length(4000)],
    }


# Assessments are listed by the same filters as snapshots.
assessment_list = snapshot_list
