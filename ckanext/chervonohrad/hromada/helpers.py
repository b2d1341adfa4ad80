"""Template helpers of the hromada room."""
from __future__ import annotations

from typing import Any

from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.hromada import access, vocabulary


@helper
def chervonohrad_hromada_choices(field: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Scheming choices (and the registration form's options): every hromada, `{uk, en}` labels."""
    return [{"value": h["code"], "label": h["label"]} for h in vocabulary.hromadas()]


@helper
def chervonohrad_hromada_label(code: str | None) -> str:
    return vocabulary.label(code, page_language())


@helper
def chervonohrad_home_hromada() -> str | None:
    """The hromada the current user's pages open on (None: the whole oblast)."""
    return access.home_hromada(viewer_name())


@helper
def chervonohrad_is_council_officer() -> bool:
    return bool(access.officer_hromadas(viewer_name()))


@helper
def chervonohrad_oversees(org_id: str | None) -> bool:
    """Whether the current user acts for the regional administration over this publisher."""
    return access.oversees_org(viewer_name(), org_id)


@helper
def chervonohrad_oversees_any() -> bool:
    """Regional administrators and council officers (e.g. to show the applications link)."""
    return access.oversees_any(viewer_name())


@helper
def chervonohrad_oversees_hromada(code: str | None) -> bool:
    """Whether the viewer oversees this hromada (None: the whole oblast, regional
    administrators only)."""
    return access.oversees_hromada(viewer_name(), (code or "").upper() or None)
