"""Reading one of the rooms' own rows by id, the way every action does."""
from __future__ import annotations

from typing import Any, TypeVar

import ckan.plugins.toolkit as tk
from ckan import model

Row = TypeVar("Row")


def by_id(model_class: type[Row], id_: Any, not_found: str, lock: bool = False) -> Row:
    """The row of `model_class` with this id, locked FOR UPDATE when `lock` (an action about to
    change it); ObjectNotFound with the message `not_found` when there is none."""
    query = model.Session.query(model_class).filter(model_class.id == id_)  # type: ignore[attr-defined]
    if lock:
        query = query.with_for_update()
    row = query.one_or_none()
    if row is None:
        raise tk.ObjectNotFound(not_found)
    return row
