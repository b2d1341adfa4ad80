"""What the rooms' aggregate queries share."""
from __future__ import annotations

from sqlalchemy import text

from ckan import model


def without_jit() -> None:
    """Turn PostgreSQL's JIT compiler off for the rest of the current transaction. The
    rating's and the reports' aggregates over every dataset can be estimated as costly enough
    to compile (joins of grouped extras multiply the estimates), and compiling takes seconds
    for a query that runs in tens of milliseconds."""
    model.Session.execute(text("SET LOCAL jit = off"))


def org_extra(alias: str, key: str) -> str:
    """SQL: join the active extra `key` of organization `g` as `alias` (its value: `alias.value`).
    Keys are this package's own field names, never user input."""
    if not (alias.isidentifier() and key.replace("_", "").isalnum()):
        raise ValueError(f"not a plain SQL name: {alias!r}, {key!r}")
    return (f"LEFT JOIN group_extra {alias} ON {alias}.group_id = g.id AND {alias}.key = '{key}' "
            f"AND {alias}.state = 'active'")
