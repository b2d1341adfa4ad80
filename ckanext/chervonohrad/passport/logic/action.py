"""API actions of the passport room: the 835 list and a dataset's passport."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.passport import export, notices, rules, validators, vocabularies
from ckanext.chervonohrad.passport.logic import schema


@action(aliases=("chervonohrad_835_list",))
@tk.side_effect_free
@tk.validate(schema.list835_filters)
def chervonohrad_passport_835_list(context, data_dict) -> dict[str, Any]:
    """Resolution 835's list of datasets, as shipped in data/list835.yaml.

    :param section: ``all_publishers`` or ``local_self_government`` (optional)
    :param publisher_type: only the items that apply to this publisher type (optional)
    :returns: ``{"source": <provenance note>, "count": n, "items": [...]}``
    """
    tk.check_access("chervonohrad_passport_835_list", context, data_dict)
    items = [
        item for item in vocabularies.items("list835")
        if data_dict.get("section") in (None, item["section"])
        and data_dict.get("publisher_type") in (None, *item.get("publisher_types", []))
    ]
    return {"source": vocabularies.load("list835")["source"], "count": len(items), "items": items}


@action
@tk.side_effect_free
@tk.validate(schema.passport_show)
def chervonohrad_passport_show(context, data_dict) -> dict[str, Any]:
    """A dataset's passport in the order of Resolution 835, and what it still lacks.

    :param id: the dataset's id or name
    :param lang: ``uk`` (default) or ``en`` for the labels
    :returns: ``{"dataset": name, "rows": [{number, field, label, value}], "missing": [{field, reason}],
        "invalid": [{field, value, reason, fix, resource, message}]}``; `invalid`: the stored values the
        passport refuses (kept from before this extension while unchanged), with what to do
    """
    tk.check_access("chervonohrad_passport_show", context, data_dict)
    dataset = tk.get_action("package_show")(context.copy(), {"id": data_dict["id"]})
    organization = publisher_of(context, dataset)
    lang = data_dict.get("lang", "uk")
    return {
        "dataset": dataset["name"],
        "rows": export.rows(dataset, organization, lang),
        "missing": [{"field": m.field, "reason": m.reason} for m in rules.missing_for_publication(dataset)],
        "invalid": [{key: w.get(key) for key in ("field", "value", "reason", "fix", "resource", "message")}
                    for w in notices.dataset_warnings(dataset) if w["kind"] == "invalid"],
    }


def publisher_of(context, dataset: dict[str, Any]) -> dict[str, Any]:
    if not dataset.get("owner_org"):
        return {}
    return tk.get_action("organization_show")(
        {"ignore_auth": True, "user": context.get("user")},
        {"id": dataset["owner_org"], "include_datasets": False, "include_users": False,
         "include_extras": True, "include_followers": False},
    )


def _with_dataset_warnings(result: Any) -> Any:
    if isinstance(result, dict) and result.get("type", "dataset") == "dataset":
        result[notices.KEY] = notices.dataset_warnings(result)
    return result


@action
@tk.chained_action
def package_create(original, context, data_dict):
    """Core package_create; its result also carries `chervonohrad_warnings`: what the new
    dataset still lacks (a draft: what publishing needs) and the refused values it keeps."""
    data_dict.pop(notices.KEY, None)  # sent back from an earlier result: never stored
    return _with_dataset_warnings(original(context, data_dict))


@action
@tk.chained_action
def package_update(original, context, data_dict):
    """Core package_update (so also package_patch); its result also carries
    `chervonohrad_warnings`: the gaps and stored refused values the dataset still has
    (passport/validators.py: chervonohrad_publication_gate says which of them block).

    The resources it was given are handed to that gate too, which judges the dataset's
    files as a whole: CKAN 2.12 validates only the resources an update changes, so the
    others would look deleted to it."""
    data_dict.pop(notices.KEY, None)
    resources = data_dict.get("resources")
    if isinstance(resources, list):
        context[validators.SUBMITTED_RESOURCES] = [dict(r) for r in resources if isinstance(r, dict)]
    else:
        context.pop(validators.SUBMITTED_RESOURCES, None)
    return _with_dataset_warnings(original(context, data_dict))


def _with_publisher_warnings(result: Any) -> Any:
    if isinstance(result, dict) and result.get("is_organization", True):
        result[notices.KEY] = notices.publisher_warnings(result)
    return result


@action
@tk.chained_action
def organization_create(original, context, data_dict):
    """Core organization_create, with `chervonohrad_warnings` (stored refused values)."""
    data_dict.pop(notices.KEY, None)
    return _with_publisher_warnings(original(context, data_dict))


@action
@tk.chained_action
def organization_update(original, context, data_dict):
    """Core organization_update (so also organization_patch), with `chervonohrad_warnings`:
    the identity fields a publisher made before this extension has not set yet, and its
    refused stored values."""
    data_dict.pop(notices.KEY, None)
    return _with_publisher_warnings(original(context, data_dict))
