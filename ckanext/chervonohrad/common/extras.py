"""Extra fields in queries: an organization's `hromada`, `edrpou` or `publisher_type`, a
dataset's `update_frequency`. CKAN 2.11 keeps them as rows of `group_extra` and
`package_extra`; CKAN 2.12 (core migration 12d64978ab44, "faster extras") as a JSONB column
`extras` of `group` and `package`. Every query of this package that reads an extra takes it
from here, so the rest of the code reads the same on both."""
from __future__ import annotations

from sqlalchemy import func, select

from ckan import model

# CKAN 2.12: `extras` is a column of the group and package tables.
IN_COLUMNS = "extras" in model.group_table.c


def _plain(alias: str, key: str) -> None:
    # Keys are this package's own field names and aliases its own SQL's, never user input.
    if not (alias.isidentifier() and key.replace("_", "").isalnum()):
        raise ValueError(f"not a plain SQL name: {alias!r}, {key!r}")


def _value(rows: str, owner: str, alias: str, key: str) -> str:
    _plain(alias, key)
    if IN_COLUMNS:
        return f"({alias}.extras ->> '{key}')"
    extra = f"{alias}_x"
    return (f"(SELECT max({extra}.value) FROM {rows} {extra} WHERE {extra}.{owner} = {alias}.id "
            f"AND {extra}.key = '{key}' AND {extra}.state = 'active')")


def org_value(alias: str, key: str) -> str:
    """SQL: the active extra `key` of the organization row `alias` (NULL when it has none)."""
    return _value("group_extra", "group_id", alias, key)


def package_value(alias: str, key: str) -> str:
    """SQL: the active extra `key` of the dataset row `alias` (NULL when it has none)."""
    return _value("package_extra", "package_id", alias, key)


def org_column(key: str):
    """SQLAlchemy: the active extra `key` of `model.Group` in the query it is used in."""
    if IN_COLUMNS:
        return model.Group.extras[key].astext
    extra = model.GroupExtra
    return (select(func.max(extra.value))
            .where(extra.group_id == model.Group.id, extra.key == key, extra.state == model.State.ACTIVE)
            .correlate(model.Group).scalar_subquery())
