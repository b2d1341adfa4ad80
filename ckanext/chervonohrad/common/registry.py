"""The one way a room makes its actions, auth functions, validators and template helpers
known: it decorates them where they are defined, and the plugin's blankets read the tables
below once `collect` has imported every room.

    @action                                     # registered under the function's name
    @action(aliases=("chervonohrad_old_name",)) # an old name keeps working for one release
    @auth(names=("chervonohrad_a", "chervonohrad_b"))  # one rule for several actions

Auth functions share their action's name, aliases included. An action anyone may call is
declared with `public_auth(name)`; an auth function answers with `verdict(allowed, refusal)`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import ckan.plugins.toolkit as tk

Fn = TypeVar("Fn", bound=Callable[..., Any])

ACTIONS: dict[str, Callable[..., Any]] = {}
AUTH_FUNCTIONS: dict[str, Callable[..., Any]] = {}
VALIDATORS: dict[str, Callable[..., Any]] = {}
HELPERS: dict[str, Callable[..., Any]] = {}

# Old name -> the name it now stands for (README lists them; they go in the next release).
ALIASES: dict[str, str] = {}


def _register(table: dict[str, Callable[..., Any]], fn: Fn, names: Iterable[str]) -> Fn:
    for name in names:
        if table.get(name, fn) is not fn:
            raise ValueError(f"{name} is registered twice")
        table[name] = fn
    return fn


def _decorator(table: dict[str, Callable[..., Any]]):
    def decorate(fn: Fn | None = None, *, aliases: Iterable[str] = (), names: Iterable[str] = ()) -> Any:
        def register(fn: Fn) -> Fn:
            if names and aliases:
                raise TypeError("an old name stands for one action: give aliases to one name at a time")
            aliases_ = tuple(aliases)
            ALIASES.update(dict.fromkeys(aliases_, fn.__name__))
            return _register(table, fn, (*(tuple(names) or (fn.__name__,)), *aliases_))
        return register(fn) if fn is not None else register
    return decorate


action = _decorator(ACTIONS)
auth = _decorator(AUTH_FUNCTIONS)
validator = _decorator(VALIDATORS)
helper = _decorator(HELPERS)


def public_auth(name: str, *, aliases: Iterable[str] = ()) -> None:
    """Registers the auth function of action `name` that lets anyone call it, visitors
    included: the action itself decides what each caller sees."""
    @tk.auth_allow_anonymous_access
    def anyone(context, data_dict):
        return {"success": True}

    anyone.__name__ = anyone.__qualname__ = name
    auth(anyone, aliases=aliases)


def verdict(allowed: bool, refusal: str) -> dict[str, Any]:
    """An auth function's answer: yes, or no with the reason the caller is shown."""
    return {"success": True} if allowed else {"success": False, "msg": refusal}
