"""Looking up a publisher (an active organization) by id or name, for every room's actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model


def active_publisher(ref: str) -> model.Group:
    """The active organization `ref` names; ObjectNotFound (a 404) for anything else."""
    org = model.Group.get(ref)
    if org is None or not org.is_organization or org.state != model.State.ACTIVE:
        raise tk.ObjectNotFound(tk._("Publisher not found"))
    return org
