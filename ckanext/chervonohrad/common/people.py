"""Who is written to about a dataset: its maintainer (the passport's email) and the active
administrators of its publisher, each address once (lower case decides)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_

from ckan import model


def publisher_admins(org_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """Each organization's active administrators with an email, as (name, address), in one query."""
    ids = sorted({i for i in org_ids if i})
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if not ids:
        return found
    rows = (model.Session.query(model.Member.group_id, model.User.fullname, model.User.name, model.User.email)
            .join(model.User, and_(model.Member.table_id == model.User.id, model.Member.table_name == "user"))
            .filter(model.Member.group_id.in_(ids), model.Member.state == "active",
                    model.Member.capacity == "admin", model.User.state == "active")
            .order_by(model.User.name))
    for org_id, fullname, name, email in rows:
        if email:
            found[org_id].append((fullname or name, email))
    return found


def dataset_contacts(datasets: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """(name, address) of each dataset's maintainer and its publisher's administrators, by dataset
    id; `datasets` are dicts or rows with id, owner_org, maintainer, maintainer_email."""
    datasets = list(datasets)
    admins = publisher_admins(d.get("owner_org") for d in datasets)
    found: dict[str, list[tuple[str, str]]] = {}
    for dataset in datasets:
        seen: dict[str, tuple[str, str]] = {}
        address = (dataset.get("maintainer_email") or "").strip()
        if address:
            seen[address.lower()] = (dataset.get("maintainer") or address, address)
        for name, email in admins.get(dataset.get("owner_org") or "", ()):
            seen.setdefault(email.strip().lower(), (name, email.strip()))
        found[dataset["id"]] = list(seen.values())
    return found
