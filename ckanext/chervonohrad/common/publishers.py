"""Looking up a publisher (an active organization) by id or name, for every room's actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.extras import org_column


def active_publisher(ref: str) -> model.Group:
    """The active organization `ref` names; ObjectNotFound (a 404) for anything else."""
    org = model.Group.get(ref)
    if org is None or not org.is_organization or org.state != model.State.ACTIVE:
        raise tk.ObjectNotFound(tk._("Publisher not found"))
    return org


def with_edrpou(edrpou: str, except_id: str | None = None) -> model.Group | None:
    """The active organization that carries this EDRPOU code (besides `except_id`), if any."""
    query = (model.Session.query(model.Group)
             .filter(model.Group.is_organization.is_(True), model.Group.state == model.State.ACTIVE,
                     org_column("edrpou") == edrpou.strip()))
    if except_id:
        query = query.filter(model.Group.id != except_id)
    return query.first()
