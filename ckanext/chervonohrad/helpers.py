# -*- coding: utf-8 -*-
"""Template helpers of every room, collected in one place for the plugin."""
from __future__ import annotations

from typing import Any, Callable

from ckanext.chervonohrad.common import helpers as common_helpers
from ckanext.chervonohrad.passport import helpers as passport_helpers


def get_helpers() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in (common_helpers, passport_helpers):
        found.update(module.get_helpers())
    return found
