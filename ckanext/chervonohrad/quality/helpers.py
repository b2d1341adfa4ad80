"""Template helpers of the quality room."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.quality.engine import BAND_LABELS


def chervonohrad_quality(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """The stored quality of a dataset, or None when it has none yet."""
    try:
        return tk.get_action("chervonohrad_quality_show")({}, {"id": pkg_dict["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def chervonohrad_band_label(band: str) -> str:
    return BAND_LABELS.get(band, {}).get(page_language(), band)


def chervonohrad_quality_threshold() -> int:
    return config.quality_threshold()


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {"chervonohrad_quality": chervonohrad_quality, "chervonohrad_band_label": chervonohrad_band_label,
            "chervonohrad_quality_threshold": chervonohrad_quality_threshold}
