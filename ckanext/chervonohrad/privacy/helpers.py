"""Template helpers of the privacy room."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.chervonohrad import config


def chervonohrad_privacy_retention_months() -> int:
    """How many months after an item is closed its sender's personal data are kept."""
    return config.personal_data_retention_months()


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {"chervonohrad_privacy_retention_months": chervonohrad_privacy_retention_months}
