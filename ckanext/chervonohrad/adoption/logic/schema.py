"""What the adoption room's action accepts."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

MAX_LIMIT = 1000


@tk.validator_args
def report(ignore_missing, unicode_safe, natural_number_validator, int_validator, default,
           chervonohrad_hromada, chervonohrad_adoption_limit):
    return {
        "hromada": [ignore_missing, unicode_safe, chervonohrad_hromada],
        "publisher": [ignore_missing, unicode_safe],
        "offset": [default(0), int_validator, natural_number_validator],
        "limit": [default(50), int_validator, chervonohrad_adoption_limit],
    }
