"""What each room exports, gathered for the plugin's blankets. A room registers its actions,
auth functions, validators and helpers with the decorators of `common.registry` where it
defines them; importing its modules here is what makes them known. A new room adds its
modules to ROOM_MODULES and nowhere else."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ckanext.chervonohrad.common import registry

# In the order data flows through the rooms (docs/design.md).
ROOM_MODULES = (
    "common.helpers", "common.admins",
    "passport.helpers", "passport.validators", "passport.logic.action", "passport.logic.auth",
    "hromada.helpers", "hromada.logic.action", "hromada.logic.auth", "hromada.logic.validators",
    "registration.helpers", "registration.logic.action", "registration.logic.auth",
    "registration.logic.validators",
    "structure.helpers", "structure.logic.action", "structure.logic.auth",
    "dcat.helpers", "dcat.logic.action",
    "quality.helpers", "quality.logic.action", "quality.logic.auth",
    "feedback.helpers", "feedback.logic.action", "feedback.logic.suggestions", "feedback.logic.auth",
    "feedback.logic.validators",
    "showcase.helpers", "showcase.logic.action", "showcase.logic.auth", "showcase.logic.validators",
    "news.helpers", "news.logic.action", "news.logic.auth",
    "materials.helpers", "materials.logic.action", "materials.logic.auth",
    "performance.logic.action", "performance.logic.auth", "performance.logic.validators",
    "reports.helpers", "reports.logic.action", "reports.logic.auth", "reports.logic.validators",
    "privacy.helpers", "privacy.logic.action", "privacy.logic.auth",
    "adoption.helpers", "adoption.logic.action", "adoption.logic.auth", "adoption.logic.validators",
    "reminders.logic.action", "reminders.logic.auth",
    "home.helpers",
    "search.helpers",
)

VIEW_MODULES = ("common.csrf", "passport.views", "registration.views", "quality.views", "performance.views",
                "feedback.views", "showcase.views", "news.views", "materials.views", "reports.views", "adoption.views",
                "reminders.views", "schedule.views")


def _modules(names: tuple[str, ...]) -> list[Any]:
    return [importlib.import_module(f"ckanext.chervonohrad.{name}") for name in names]


def _gathered(table: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    _modules(ROOM_MODULES)  # importing a room's modules is what registers its functions
    return dict(table)


def helpers() -> dict[str, Callable[..., Any]]:
    return _gathered(registry.HELPERS)


def validators() -> dict[str, Callable[..., Any]]:
    return _gathered(registry.VALIDATORS)


def actions() -> dict[str, Callable[..., Any]]:
    return _gathered(registry.ACTIONS)


def auth_functions() -> dict[str, Callable[..., Any]]:
    return _gathered(registry.AUTH_FUNCTIONS)


def blueprints() -> list[Any]:
    return [module.blueprint for module in _modules(VIEW_MODULES)]
