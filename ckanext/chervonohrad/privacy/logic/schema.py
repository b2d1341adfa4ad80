"""What the privacy room's actions accept."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.validator_args
def erase(not_empty, unicode_safe, chervonohrad_email, boolean_validator, default):
    return {"email": [not_empty, unicode_safe, chervonohrad_email], "dry_run": [default(False), boolean_validator]}
