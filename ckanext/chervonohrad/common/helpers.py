"""Template helpers that several rooms share."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.common.registry import helper


def viewer_name() -> str | None:
    """The name of the user the request is from; None for a visitor who is not logged in."""
    user = tk.current_user
    return user.name if user and user.is_authenticated else None


@helper
def chervonohrad_is_regional_admin() -> bool:
    return is_regional_admin(viewer_name())


LANGUAGES = ("uk", "en")


def page_language() -> str:
    """The current page's language, if the portal has texts in it; Ukrainian otherwise."""
    lang = tk.h.lang()
    return lang if lang in LANGUAGES else "uk"


@helper
def chervonohrad_localized(value: Any) -> str:
    """Pick the current language from a `{uk: …, en: …}` dict (Ukrainian as the fallback)."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    return localized(value, page_language())

