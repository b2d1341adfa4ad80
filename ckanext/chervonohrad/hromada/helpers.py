"""Template helpers of the hromada room."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.hromada import access, vocabulary


def chervonohrad_hromada_choices(field: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Scheming choices (and the registration form's options): every hromada, `{uk, en}` labels."""
    return [{"value": h["code"], "label": h["label"]} for h in vocabulary.hromadas()]


def chervonohrad_hromada_label(code: str | None) -> str:
    return vocabulary.label(code, page_language())


def chervonohrad_home_hromada() -> str | None:
    """The hromada the current user's pages open on (None: the whole oblast)."""
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else None
    return access.home_hromada(user)


def chervonohrad_is_council_officer() -> bool:
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else None
    return bool(access.officer_hromadas(user))


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {name: fn for name, fn in globals().items() if name.startswith("chervonohrad_")}
