"""Who may do what with feedback and suggestions.

Anyone sends feedback and suggests datasets; logged-in users vote. The dataset's
publishers (its organization's editors and admins), the council officers of the publisher's
hromada and regional administrators handle feedback; regional administrators and those
council officers delete it. Suggestions are the oblast's, addressed to no publisher: only
regional administrators decide on them."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.admins import regional_admins_only
from ckanext.chervonohrad.common.registry import auth, public_auth, verdict
from ckanext.chervonohrad.feedback import access
from ckanext.chervonohrad.feedback.model import Feedback
from ckanext.chervonohrad.hromada import access as hromada_access


def _item(data_dict) -> Feedback | None:
    return model.Session.get(Feedback, (data_dict or {}).get("id") or "")


def _owner_org(item: Feedback | None) -> str | None:
    package = model.Session.get(model.Package, item.package_id) if item else None
    return package.owner_org if package else None


public_auth("chervonohrad_feedback_create")
public_auth("chervonohrad_feedback_list")  # the action narrows what each caller sees


@auth
@tk.auth_allow_anonymous_access
def chervonohrad_feedback_show(context, data_dict):
    item = _item(data_dict)
    if item is None:
        return {"success": True}  # the action answers 404
    name = context.get("user")
    user = access.user_of(name)
    return verdict(item.published or access.handles_feedback_of(name, _owner_org(item))
                   or (user is not None and item.user_id == user.id),
                   tk._("Not authorized to see this feedback"))


@auth(names=("chervonohrad_feedback_update_status", "chervonohrad_feedback_answer",
             "chervonohrad_feedback_publish"))
def _publisher(context, data_dict):
    item = _item(data_dict)
    if item is None:
        return {"success": True}  # the action answers 404
    return verdict(access.handles_feedback_of(context.get("user"), _owner_org(item)),
                   tk._("Only the dataset's publishers may handle this feedback"))


def _overseer(context, data_dict):
    """Regional administrators, and the council officers of the hromada of the publisher
    whose dataset the item is on."""
    item = _item(data_dict)
    user_name = context.get("user")
    if item is None:
        allowed = hromada_access.oversees_any(user_name)  # the action answers 404
    else:
        allowed = hromada_access.oversees_org(user_name, _owner_org(item))
    return verdict(allowed, tk._("Only regional administrators and the council officers of the publisher's "
                                 "hromada may do this"))


@auth
def chervonohrad_feedback_delete(context, data_dict):
    return _overseer(context, data_dict)


# ---- suggestions ------------------------------------------------------------------

public_auth("chervonohrad_feedback_suggestion_create", aliases=("chervonohrad_suggestion_create",))
public_auth("chervonohrad_feedback_suggestion_show", aliases=("chervonohrad_suggestion_show",))
public_auth("chervonohrad_feedback_suggestion_list", aliases=("chervonohrad_suggestion_list",))


@auth(aliases=("chervonohrad_suggestion_vote",))
def chervonohrad_feedback_suggestion_vote(context, data_dict):
    return verdict(access.user_of(context.get("user")) is not None, tk._("Log in to vote"))


@auth(aliases=("chervonohrad_suggestion_unvote",))
def chervonohrad_feedback_suggestion_unvote(context, data_dict):
    return chervonohrad_feedback_suggestion_vote(context, data_dict)


@auth(aliases=("chervonohrad_suggestion_update_status",))
def chervonohrad_feedback_suggestion_update_status(context, data_dict):
    return regional_admins_only(context, data_dict)


@auth(aliases=("chervonohrad_suggestion_delete",))
def chervonohrad_feedback_suggestion_delete(context, data_dict):
    return regional_admins_only(context, data_dict)
