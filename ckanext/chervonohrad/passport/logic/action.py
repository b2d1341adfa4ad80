"""API actions of the passport room: the 835 list and a dataset's passport."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.passport import export, rules, vocabularies
from ckanext.chervonohrad.passport.logic import schema


@tk.side_effect_free
@tk.validate(schema.list835_filters)
def chervonohrad_835_list(context, data_dict) -> dict[str, Any]:
    """Resolution 835's list of datasets, as shipped in data/list835.yaml.

    :param section: ``all_publishers`` or ``local_self_government`` (optional)
    :param publisher_type: only the items that apply to this publisher type (optional)
    :returns: ``{"source": <provenance note>, "count": n, "items": [...]}``
    """
    tk.check_access("chervonohrad_835_list", context, data_dict)
    items = [
        item for item in vocabularies.items("list835")
        if data_dict.get("section") in (None, item["section"])
        and data_dict.get("publisher_type") in (None, *item.get("publisher_types", []))
    ]
    return {"source": vocabularies.load("list835")["source"], "count": len(items), "items": items}


@tk.side_effect_free
@tk.validate(schema.passport_show)
def chervonohrad_passport_show(context, data_dict) -> dict[str, Any]:
    """A dataset's passport in the order of Resolution 835, and what it still lacks.

    :param id: the dataset's id or name
    :param lang: ``uk`` (default) or ``en`` for the labels
    :returns: ``{"dataset": name, "rows": [{number, field, label, value}], "missing": [{field, reason}]}``
    """
    tk.check_access("chervonohrad_passport_show", context, data_dict)
    dataset = tk.get_action("package_show")(context.copy(), {"id": data_dict["id"]})
    organization = publisher_of(context, dataset)
    lang = data_dict.get("lang", "uk")
    return {
        "dataset": dataset["name"],
        "rows": export.rows(dataset, organization, lang),
        "missing": [{"field": m.field, "reason": m.reason} for m in rules.missing_for_publication(dataset)],
    }


def publisher_of(context, dataset: dict[str, Any]) -> dict[str, Any]:
    if not dataset.get("owner_org"):
        return {}
    return tk.get_action("organization_show")(
        {"ignore_auth": True, "user": context.get("user")},
        {"id": dataset["owner_org"], "include_datasets": False, "include_users": False,
         "include_extras": True, "include_followers": False},
    )


def get_actions():
    return {
        "chervonohrad_835_list": chervonohrad_835_list,
        "chervonohrad_passport_show": chervonohrad_passport_show,
    }
