"""The one way a room makes its actions, auth functions, validators and template helpers
known: it decorates them where they are defined, and the plugin's blankets read the tables
below once `collect` has imported every room.

    @action                                     # registered under the function's name
    @action(aliases=("chervonohrad_old_name",)) # an old name keeps working for one release

Auth functions share their action's name, aliases included.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

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
    def decorate(fn: Fn | None = None, *, aliases: Iterable[str] = ()) -> Any:
        def register(fn: Fn) -> Fn:
            aliases_ = tuple(aliases)
            ALIASES.update(dict.fromkeys(aliases_, fn.__name__))
            return _register(table, fn, (fn.__name__, *aliases_))
        return register(fn) if fn is not None else register
    return decorate


action = _decorator(ACTIONS)
auth = _decorator(AUTH_FUNCTIONS)
validator = _decorator(VALIDATORS)
helper = _decorator(HELPERS)
