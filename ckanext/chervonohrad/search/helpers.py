"""Template helpers of the search room."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.search import facets


@helper
def chervonohrad_facet_label_function(facet: str) -> Callable[[dict[str, Any]], str] | None:
    """A `label_function` for snippets/facet_list.html that shows codes as labels."""
    return facets.label_function(facet, page_language())
