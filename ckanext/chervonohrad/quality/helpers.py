"""Template helpers of the quality room."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.quality.engine import BAND_LABELS
from ckanext.chervonohrad.quality.scoring import stored_links


@helper
def chervonohrad_quality(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """The stored quality of a dataset, or None when it has none yet."""
    try:
        return tk.get_action("chervonohrad_quality_show")({}, {"id": pkg_dict["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


@helper
def chervonohrad_quality_links(pkg_dict: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The stored link checks of a dataset's resources, by resource id (the dcat room's MQA view
    asks for them by this name: it comes earlier in the flow)."""
    return stored_links(pkg_dict.get("id"))


@helper
def chervonohrad_band_label(band: str) -> str:
    return BAND_LABELS.get(band, {}).get(page_language(), band)


@helper
def chervonohrad_quality_threshold() -> int:
    return config.quality_threshold()
