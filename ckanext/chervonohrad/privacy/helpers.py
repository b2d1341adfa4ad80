"""Template helpers of the privacy room."""
from __future__ import annotations

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common.registry import helper


@helper
def chervonohrad_privacy_retention_months() -> int:
    """How many months after an item is closed its sender's personal data are kept."""
    return config.personal_data_retention_months()
