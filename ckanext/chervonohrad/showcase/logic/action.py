"""API of the use cases room. Use cases are packages of type `showcase`: CKAN's package
actions create, show, update and delete them (with schemas/showcase.yaml and the rules of
logic/auth.py); this room adds the decision and the look-up by dataset."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import action, public_auth
from ckanext.chervonohrad.showcase import status, uses
from ckanext.chervonohrad.showcase.logic import schema


@action
@tk.validate(schema.decide)
def chervonohrad_showcase_decide(context, data_dict) -> dict[str, Any]:
    """Approve a proposed use case (it becomes public) or decline it (only its author and
    those who decide keep seeing it). Regional administrators, the council officers of its
    hromada and the admins of the publishers whose datasets it uses decide.

    :param id: the use case's id or name
    :param decision: ``approve`` or ``decline``
    :returns: the use case as package_show gives it
    """
    package = model.Package.get(data_dict["id"])
    if package is None or package.type != status.TYPE or package.state == model.State.DELETED:
        raise tk.ObjectNotFound(tk._("Use case not found"))
    tk.check_access("chervonohrad_showcase_decide", context, data_dict)
    new_status = status.DECISIONS[data_dict["decision"]]
    decided = dict(context, ignore_auth=True, chervonohrad_showcase_decision=new_status)
    decided.pop("package", None)
    # The status goes in the patch too: CKAN 2.12 saves nothing for a patch that changes nothing.
    return tk.get_action("package_patch")(decided, {"id": package.id, "showcase_status": new_status})


public_auth("chervonohrad_showcase_of_dataset")


@action
@tk.side_effect_free
@tk.validate(schema.of_dataset)
def chervonohrad_showcase_of_dataset(context, data_dict) -> list[dict[str, Any]]:
    """The approved use cases built on a dataset, newest first.

    :param id: the dataset's id or name
    :returns: a list of ``{id, name, title, showcase_kind, author, url, image_url}``
    """
    package = model.Package.get(data_dict["id"])
    if package is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    tk.check_access("package_show", context, {"id": package.id})
    return uses.approved_of_dataset(package.id)


@action
@tk.chained_action
@tk.side_effect_free
def package_list(original, context, data_dict) -> list[str]:
    """Core package_list, without use cases (it lists datasets; a harvester of this portal
    reads it). A page may hold fewer names than `limit` where use cases were left out."""
    names = original(context, data_dict)
    return uses.without_showcases(names)
