"""API of the hromada room: the oblast's hromadas, their council officers, and assigning
publishers to hromadas in bulk."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.common.extras import org_column
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.hromada import access, vocabulary
from ckanext.chervonohrad.hromada.logic import schema
from ckanext.chervonohrad.hromada.model import CouncilOfficer


def _publisher_counts() -> dict[str, int]:
    hromada = access.hromada_column()
    rows = access.publishers_with_hromada(hromada, func.count(model.Group.id)).group_by(hromada)
    return dict(rows.all())


@action
@tk.side_effect_free
def chervonohrad_hromada_list(context, data_dict) -> list[dict[str, Any]]:
    """The oblast's hromadas (KATOTTG code, names in Ukrainian and English, raion) with the
    number of publishers each has on the portal."""
    tk.check_access("chervonohrad_hromada_list", context, data_dict)
    counts = _publisher_counts()
    return [{"code": h["code"], "label": h["label"], "raion": h["raion"], "publishers": counts.get(h["code"], 0)}
            for h in vocabulary.hromadas()]


def _checked(action: str, data_schema: dict[str, Any], context, data_dict) -> dict[str, Any]:
    """The caller may run `action` and its input is valid: the validated input."""
    tk.check_access(action, context, data_dict)
    data, errors = tk.navl_validate(data_dict, data_schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _active_user(ref: str) -> model.User:
    user = access.active_user(ref)
    if user is None:
        raise tk.ValidationError({"user": [tk._("No active user «{user}»").format(user=ref)]})
    return user


def _officer_dict(row: CouncilOfficer, user: model.User) -> dict[str, Any]:
    return {"hromada": row.hromada, "user": user.name, "user_id": user.id, "display_name": user.display_name,
            "named_by": row.named_by, "named_at": row.named_at.isoformat()}


@action
def chervonohrad_hromada_officer_add(context, data_dict) -> dict[str, Any]:
    """Name a user council officer of a hromada (regional administrators only). Naming an
    officer twice is harmless: the first naming stands.

    :param hromada: the hromada's KATOTTG code
    :param user: the user's name or id
    """
    data = _checked("chervonohrad_hromada_officer_add", schema.officer(), context, data_dict)
    user = _active_user(data["user"])
    row = model.Session.get(CouncilOfficer, (data["hromada"], user.id))
    if row is None:
        row = CouncilOfficer(hromada=data["hromada"], user_id=user.id, named_by=context.get("user") or "",
                             named_at=dt.datetime.utcnow())
        model.Session.add(row)
        model.Session.commit()
    return _officer_dict(row, user)


@action
def chervonohrad_hromada_officer_remove(context, data_dict) -> dict[str, Any]:
    """Withdraw a user's council-officer role in a hromada (regional administrators only).

    :param hromada: the hromada's KATOTTG code
    :param user: the user's name or id
    """
    data = _checked("chervonohrad_hromada_officer_remove", schema.officer(), context, data_dict)
    user = model.User.get(data["user"])
    row = model.Session.get(CouncilOfficer, (data["hromada"], user.id)) if user else None
    if row is None:
        raise tk.ObjectNotFound(tk._("This user is not a council officer of this hromada"))
    model.Session.delete(row)
    model.Session.commit()
    return {"hromada": data["hromada"], "user": user.name, "removed": True}


@action
@tk.side_effect_free
def chervonohrad_hromada_officer_list(context, data_dict) -> list[dict[str, Any]]:
    """Council officers, of one hromada or of all (regional administrators; an officer may
    list their own hromada's).

    :param hromada: a KATOTTG code (optional)
    """
    data = _checked("chervonohrad_hromada_officer_list", schema.officer_list(), context, data_dict)
    query = (model.Session.query(CouncilOfficer, model.User)
             .join(model.User, model.User.id == CouncilOfficer.user_id)
             .filter(model.User.state == model.State.ACTIVE))
    if data.get("hromada"):
        query = query.filter(CouncilOfficer.hromada == data["hromada"])
    return [_officer_dict(row, user) for row, user in query.order_by(CouncilOfficer.hromada, model.User.name)]


def _find_publisher(ref: str) -> model.Group | None:
    """A publisher by id, name or (eight digits) EDRPOU code."""
    org = model.Group.get(ref)
    if org is None and ref.isdigit():
        org = model.Session.query(model.Group).filter(org_column("edrpou") == ref).first()
    if org is None or not org.is_organization or org.state != model.State.ACTIVE:
        return None
    return org


@action
def chervonohrad_hromada_assign(context, data_dict) -> dict[str, Any]:
    """Assign publishers to hromadas in bulk (regional administrators only). All or nothing:
    one bad row and nothing is written; the error names each bad row (counted from 1).

    :param assignments: a list of {organization: id, name or EDRPOU code, hromada: KATOTTG code}
    """
    tk.check_access("chervonohrad_hromada_assign", context, data_dict)
    rows = data_dict.get("assignments")
    if not isinstance(rows, list) or not rows:
        raise tk.ValidationError({"assignments": [tk._("Give at least one assignment")]})
    found: list[tuple[model.Group, str]] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        data, errors = tk.navl_validate(row if isinstance(row, dict) else {}, schema.assignment(), context)
        org = _find_publisher(data["organization"]) if not errors.get("organization") else None
        if errors.get("organization") is None and org is None:
            errors["organization"] = [tk._("No publisher «{ref}»").format(ref=data["organization"])]
        if errors:
            problems += [tk._("Row {number}, {field}: {message}").format(number=number, field=field, message=message)
                         for field, messages in errors.items() for message in messages]
        else:
            found.append((org, data["hromada"]))
    if problems:
        raise tk.ValidationError({"assignments": problems})
    changed = 0
    for org, code in found:
        if extras.of(org).get(access.KEY) != code:
            extras.set_value(org, access.KEY, code)
            changed += 1
    model.Session.commit()
    return {"assigned": len(found), "changed": changed}
