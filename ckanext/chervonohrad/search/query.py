"""How the search page's free text is matched."""
from __future__ import annotations

from typing import Any

from ckanext.chervonohrad import config


def search_params(params: dict[str, Any]) -> dict[str, Any]:
    """Free-text searches weigh title over description over resources (the fields are
    analysed for Ukrainian by the portal's Solr schema, see solr/derive_schema.py)."""
    if "qf" not in params and not params.get("defType"):
        params["qf"] = config.search_qf()
    return params
