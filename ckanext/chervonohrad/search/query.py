"""How the search page's free text is matched."""
from __future__ import annotations

from typing import Any

from ckanext.chervonohrad import config
from ckanext.chervonohrad.showcase.status import TYPE as SHOWCASE


def search_params(params: dict[str, Any]) -> dict[str, Any]:
    """Free-text searches weigh title over description over resources (the fields are
    analysed for Ukrainian by the portal's Solr schema, see solr/derive_schema.py)."""
    if "qf" not in params and not params.get("defType"):
        params["qf"] = config.search_qf()
    return without_showcases(params)


def without_showcases(params: dict[str, Any]) -> dict[str, Any]:
    """Use cases are no datasets: a search finds them only when it asks for their type (as
    /showcase does), so the API's package_search — and every harvester reading it — lists
    datasets only."""
    fq = params.get("fq") or ""
    if f"dataset_type:{SHOWCASE}" not in fq:
        params["fq"] = f"{fq} -dataset_type:{SHOWCASE}".strip()
    return params
