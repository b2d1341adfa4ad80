from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.chervonohrad.registration.logic.action import state_label


def chervonohrad_application_state_label(state: str) -> str:
    return state_label(state)


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {"chervonohrad_application_state_label": chervonohrad_application_state_label}
