"""Template helpers of the search room."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.search import facets


@helper
def chervonohrad_facet_label_function(facet: str) -> Callable[[dict[str, Any]], str] | None:
    """A `label_function` for snippets/facet_list.html that shows codes as labels."""
    return facets.label_function(facet, page_language())


# Sort orders of the quality score (indexed by search.index) offered beside CKAN's own.
QUALITY_SORTS = ((_n("Quality: best first"), "quality_score desc, metadata_modified desc"),
                 (_n("Quality: worst first"), "quality_score asc, metadata_modified desc"))


@helper
def chervonohrad_search_sorting(sorting: list[tuple[str, str]] | None, search_type: str | None
                                ) -> list[tuple[str, str]] | None:
    """The sort orders of a search form: a dataset search's (the dataset page, a publisher's
    datasets, their partial htmx answers) gain the quality orders; others stay as given."""
    if not sorting or search_type != "dataset":
        return sorting
    known = {value for _label, value in sorting}
    return [*sorting, *((tk._(label), value) for label, value in QUALITY_SORTS if value not in known)]
