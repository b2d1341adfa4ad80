"""Template helpers that several rooms share."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.admins import is_regional_admin


def chervonohrad_is_regional_admin() -> bool:
    return is_regional_admin(tk.current_user.name if tk.current_user else None)


LANGUAGES = ("uk", "en")


def page_language() -> str:
    """The current page's language, if the portal has texts in it; Ukrainian otherwise."""
    lang = tk.h.lang()
    return lang if lang in LANGUAGES else "uk"


def chervonohrad_localized(value: Any) -> str:
    """Pick the current language from a `{uk: …, en: …}` dict (Ukrainian as the fallback)."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    lang = page_language()
    return value.get(lang) or value.get("uk") or next(iter(value.values()), "")


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {
        "chervonohrad_is_regional_admin": chervonohrad_is_regional_admin,
        "chervonohrad_localized": chervonohrad_localized,
    }
