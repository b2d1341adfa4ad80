"""What the privacy room's actions accept."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off", ""}


def strict_boolean(value: Any, context) -> bool:
    """A yes or a no, and nothing else: CKAN's boolean_validator reads any unknown word as
    false, so `dry_run=maybe` would erase for real."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, str)) and str(value).strip().lower() in TRUE | FALSE:
        return str(value).strip().lower() in TRUE
    raise tk.Invalid(tk._("Write true or false"))


@tk.validator_args
def erase(not_empty, unicode_safe, chervonohrad_email, default):
    return {"email": [not_empty, unicode_safe, chervonohrad_email], "dry_run": [default(False), strict_boolean]}
