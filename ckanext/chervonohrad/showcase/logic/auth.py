"""Who may propose, see, change, delete and decide on a use case (access.py says it); CKAN's
own rules stay for every other package type. A use case belongs to no publisher, so CKAN's
rules for unowned packages (anyone who may create datasets somewhere could edit it) never
decide one."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import auth, verdict
from ckanext.chervonohrad.showcase import access, status


def _asked_type(data_dict: dict[str, Any] | None) -> str | None:
    """The type a create asks for: the data's, or — when CKAN's form asks before it has any
    data — the type of the form's page (CKAN serves each type's pages with `package_type`)."""
    if (data_dict or {}).get("type"):
        return data_dict["type"]
    from flask import has_request_context, request

    return (request.view_args or {}).get("package_type") if has_request_context() else None


def _showcase(context: dict[str, Any], data_dict: dict[str, Any] | None) -> model.Package | None:
    data_dict = data_dict or {}
    package = context.get("package")
    if not isinstance(package, model.Package):
        package = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    return package if package is not None and package.type == status.TYPE else None


@auth
@tk.chained_auth_function
def package_create(next_auth, context, data_dict=None):
    if _asked_type(data_dict) == status.TYPE:
        return verdict(access.may_propose(context.get("user")), tk._("Log in to propose a use case"))
    return next_auth(context, data_dict)


def _author_or_decider(next_auth, context, data_dict, refusal: str):
    """A use case is changed or deleted by its author (before approval) and by those who
    decide on it; a dataset is CKAN's business."""
    showcase = _showcase(context, data_dict)
    if showcase is None:
        return next_auth(context, data_dict)
    return verdict(access.may_change(context.get("user"), access.facts(showcase)), refusal)


@auth
@tk.chained_auth_function
def package_update(next_auth, context, data_dict=None):
    return _author_or_decider(next_auth, context, data_dict, tk._(
        "Only its author (before it is approved) and those who approve use cases may change it"))


@auth
@tk.chained_auth_function
def package_delete(next_auth, context, data_dict=None):
    return _author_or_decider(next_auth, context, data_dict, tk._(
        "Only its author (before it is approved) and those who approve use cases may delete it"))


@auth
@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth, context, data_dict=None):
    showcase = _showcase(context, data_dict)
    if showcase is None:
        return next_auth(context, data_dict)
    if showcase.state == model.State.DELETED:
        return next_auth(context, data_dict)
    return verdict(access.may_see(context.get("user"), access.facts(showcase)),
                   tk._("This use case is not approved yet"))


@auth
def chervonohrad_showcase_decide(context, data_dict):
    showcase = _showcase(context, data_dict)
    allowed = showcase is not None and access.may_decide(context.get("user"), access.facts(showcase))
    return verdict(allowed, tk._("Only regional administrators, the hromada's council officers and the admins "
                                 "of the publishers whose datasets it uses may approve a use case"))
