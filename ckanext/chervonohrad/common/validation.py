"""What every room's validators share: how a refusal is recorded, and the schema of an
action that takes only an id."""
from __future__ import annotations

from typing import Any, NoReturn

import ckan.plugins.toolkit as tk


def fail(key: Any, errors: dict[Any, list[str]], message: str) -> NoReturn:
    """Record `message` against the field `key` and stop that field's validators."""
    errors.setdefault(key, []).append(message)
    raise tk.StopOnError


@tk.validator_args
def by_id(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}
