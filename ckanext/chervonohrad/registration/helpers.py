from __future__ import annotations

from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.registration.logic.action import state_label


@helper
def chervonohrad_application_state_label(state: str) -> str:
    return state_label(state)
