"""Extra fields in queries: an organization's `hromada`, `edrpou` or `publisher_type`, a
dataset's `update_frequency`. CKAN 2.11 keeps them as rows of `group_extra` and
`package_extra`; CKAN 2.12 (core migration 12d64978ab44, "faster extras") as a JSONB column
`extras` of `group` and `package`. Every query of this package that reads an extra takes it
from here, so the rest of the code reads the same on both."""
from __future__ import annotations

from sqlalchemy import exists, func, select, text
from sqlalchemy.orm import selectinload

from ckan import model

# CKAN 2.12: `extras` is a column of the group and package tables.
IN_COLUMNS = "extras" in model.group_table.c


def of(owner) -> dict:
    """The extras of a Package or Group object as a mapping to read. On CKAN 2.12 the column
    is NULL for a record that had none when `ckan db upgrade` moved them (and for objects
    made without any), which reads as empty here."""
    return owner.extras or {}


def set_value(owner, key: str, value: str) -> None:
    """Store extra `key` of a Package or Group object (saved with the session). A new dict on
    2.12, where the column may be NULL; a row through the association proxy on 2.11."""
    if IN_COLUMNS:
        owner.extras = {**(owner.extras or {}), key: value}
    else:
        owner.extras[key] = value


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


def _column(owner, rows: str, key: str):
    if IN_COLUMNS:
        return owner.extras[key].astext
    extra = getattr(model, rows)  # GroupExtra, PackageExtra: gone on 2.12
    owner_id = extra.group_id if rows == "GroupExtra" else extra.package_id
    return (select(func.max(extra.value))
            .where(owner_id == owner.id, extra.key == key, extra.state == model.State.ACTIVE)
            .correlate(owner).scalar_subquery())


def org_column(key: str):
    """SQLAlchemy: the active extra `key` of `model.Group` in the query it is used in."""
    return _column(model.Group, "GroupExtra", key)


def package_column(key: str):
    """SQLAlchemy: the active extra `key` of `model.Package` in the query it is used in."""
    return _column(model.Package, "PackageExtra", key)


def org_any_value(matches):
    """SQLAlchemy: `model.Group` has an active extra (any key) whose value `matches(column)`."""
    if IN_COLUMNS:
        value = func.jsonb_each_text(model.Group.extras).table_valued("value").alias("group_extra_values")
        return exists(select(1).select_from(value).where(matches(value.c.value)))
    extra = model.GroupExtra
    return exists(select(1).where(extra.group_id == model.Group.id, extra.state == model.State.ACTIVE,
                                  matches(extra.value)))


def eager(cls) -> list:
    """Query options that load the extras of `cls` (Package or Group) with the objects, so
    reading `.extras` costs no query per object; nothing to load where they are a column."""
    return [] if IN_COLUMNS else [selectinload(cls._extras)]


# The index every hromada filter reads through (org_value / org_column of "hromada"), written
# for where this CKAN version keeps the extra. Migration f7b3d1a9c820 makes it on the version it
# runs on; CKAN 2.12's own migration drops group_extra, and the 2.11 index with it, after ours
# have run, so `ckan chervonohrad upgrade` makes it again where extras now live.
HROMADA_INDEX = "chervonohrad_group_hromada" if IN_COLUMNS else "chervonohrad_group_extra_hromada"
_HROMADA_INDEX_SQL = (
    """CREATE INDEX IF NOT EXISTS chervonohrad_group_hromada ON "group" ((extras ->> 'hromada'))"""
    if IN_COLUMNS else
    "CREATE INDEX IF NOT EXISTS chervonohrad_group_extra_hromada ON group_extra (value) "
    "WHERE key = 'hromada' AND state = 'active'"
)


def missing_indexes(connection) -> list[str]:
    """The names of this package's indexes on CKAN's tables that the database lacks."""
    found = connection.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = :name"),
                               {"name": HROMADA_INDEX}).first()
    return [] if found else [HROMADA_INDEX]


def ensure_indexes(connection) -> list[str]:
    """Make the indexes `missing_indexes` names; returns what it made."""
    missing = missing_indexes(connection)
    if missing:
        connection.execute(text(_HROMADA_INDEX_SQL))
    return missing
