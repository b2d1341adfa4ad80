"""What ckanext-dcat's actions answer on this portal: datasets only. A use case or a harvest
source is a package too, but not a dataset of the catalogue (the catalogue's search leaves
them out already; a single record's endpoint must as well)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import action

CATALOGUE_TYPES = ("dataset",)


@action(names=("dcat_dataset_show",))
@tk.chained_action
def dcat_dataset_show(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """ckanext-dcat's /dataset/<id>.ttl|.rdf|.jsonld: 404 for a package that is not a dataset."""
    pkg = tk.get_action("package_show")(dict(context), {"id": data_dict.get("id")})
    if pkg.get("type") not in CATALOGUE_TYPES:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return original(context, data_dict)
