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
    return access.home_hromada(_viewer())


def _viewer() -> str | None:
    return tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else None


def chervonohrad_is_council_officer() -> bool:
    return bool(access.officer_hromadas(_viewer()))


def chervonohrad_oversees(org_id: str | None) -> bool:
    """Whether the current user acts for the regional administration over this publisher."""
    return access.oversees_org(_viewer(), org_id)


def chervonohrad_oversees_any() -> bool:
    """Regional administrators and council officers (e.g. to show the applications link)."""
    return access.oversees_any(_viewer())


def chervonohrad_oversees_hromada(code: str | None) -> bool:
    """Whether the viewer oversees this hromada (None: the whole oblast, regional
    administrators only)."""
    return access.oversees_hromada(_viewer(), (code or "").upper() or None)


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {name: fn for name, fn in globals().items() if name.startswith("chervonohrad_")}
