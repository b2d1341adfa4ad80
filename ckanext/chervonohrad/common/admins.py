"""Who is a regional administrator: the one place every room asks.

A regional administrator is an ACTIVE account that is a sysadmin, or that
`ckanext.chervonohrad.regional_admins` names by id or by user name. An entry is only ever
an existing account: a name that nobody holds grants nothing.

Ids are the robust form (nobody can choose an account's id). Names stay accepted, because
existing configurations use them, and a configured name is reserved: only a sysadmin may
create an account with it or rename an account to it (`user_create` and `user_update`
are chained below), so a visitor cannot register `oblast-coordinator` — nor be invited
under it by a publisher's admin — and become a regional administrator. A name held by an
account before it was configured is the operator's choice; prefer the account's id.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import or_

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common.registry import action, verdict


def _active(user: model.User | None) -> bool:
    return bool(user is not None and user.state == model.State.ACTIVE)


def is_regional_admin(user_name: str | None) -> bool:
    """Sysadmins and the accounts named (by id or user name) in `ckanext.chervonohrad.regional_admins`;
    active accounts only. Takes a user name or id, as CKAN's context gives it."""
    if not user_name:
        return False
    user = model.User.get(user_name)
    if not _active(user):
        return False
    if user.sysadmin:
        return True
    entries = set(config.regional_admins())
    return user.id in entries or user.name in entries


def regional_admins_only(context, data_dict) -> dict[str, Any]:
    """The auth rule of actions that only regional administrators may call."""
    return verdict(is_regional_admin(context.get("user")), tk._("Only regional administrators may do this"))


def configured_accounts() -> list[model.User]:
    """The active accounts the option names (sysadmins not included), e.g. to email them."""
    entries = config.regional_admins()
    if not entries:
        return []
    return (model.Session.query(model.User)
            .filter(model.User.state == model.State.ACTIVE,
                    or_(model.User.id.in_(entries), model.User.name.in_(entries)))
            .all())


def mail_recipients(also: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(name, email) of every active regional administrator (sysadmins and the configured
    accounts) and of the active accounts whose ids `also` gives, each once; never the site user."""
    ids = [*also, *(u.id for u in configured_accounts())]
    users = model.Session.query(model.User).filter(
        model.User.state == model.State.ACTIVE, or_(model.User.sysadmin.is_(True), model.User.id.in_(ids or [""])))
    site_user = tk.config.get("ckan.site_id")
    return [(u.fullname or u.name, u.email) for u in users if u.email and u.name != site_user]


def _refuse_reserved_name(context: dict[str, Any], name: str | None) -> None:
    if name and name in config.regional_admins() and not authz.is_sysadmin(context.get("user")):
        raise tk.ValidationError({"name": [tk._("This user name is reserved; choose another one")]})


@action
@tk.chained_action
def user_create(up_func, context, data_dict):
    # CKAN's user_invite calls user_create with ignore_auth and a name made from the invitee's
    # email, but keeps the inviter as context user: it is refused here too unless a sysadmin invites.
    _refuse_reserved_name(context, (data_dict or {}).get("name"))
    return up_func(context, data_dict)


@action
@tk.chained_action
def user_update(up_func, context, data_dict):
    name = (data_dict or {}).get("name")
    current = model.User.get((data_dict or {}).get("id") or "")
    if name and (current is None or name != current.name):
        _refuse_reserved_name(context, name)
    return up_func(context, data_dict)

