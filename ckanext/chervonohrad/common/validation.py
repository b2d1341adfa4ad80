"""What every room's validators share: how a refusal is recorded."""
from __future__ import annotations

from typing import Any, NoReturn

import ckan.plugins.toolkit as tk


def fail(key: Any, errors: dict[Any, list[str]], message: str) -> NoReturn:
    """Record `message` against the field `key` and stop that field's validators."""
    errors.setdefault(key, []).append(message)
    raise tk.StopOnError
