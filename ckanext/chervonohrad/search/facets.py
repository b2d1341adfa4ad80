"""The search page's facets: which, in what order, and how a facet's code reads as a label."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.hromada import vocabulary as hromadas
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.quality.engine import BAND_LABELS

FACETS = (
    ("update_frequency", lambda: tk._("Update frequency")),
    ("topic", lambda: tk._("Topic")),
    ("publisher_type", lambda: tk._("Publisher type")),
    ("list835_section", lambda: tk._("Resolution 835 section")),
    ("res_format", lambda: tk._("Formats")),
    ("quality_band", lambda: tk._("Quality")),
)

# The use cases' search (/showcase): their kind and hromada.
SHOWCASE_FACETS = (
    ("showcase_kind", lambda: tk._("Kind")),
    ("hromada", lambda: tk._("Hromada")),
)

# facet -> (vocabulary, key field, label field): how a facet's code becomes a label
FACET_VOCABULARIES = {
    "showcase_kind": ("showcase_kinds", "code", "label"),
    "update_frequency": ("update_frequencies", "code", "label"),
    "topic": ("topics", "name", "title"),
    "publisher_type": ("publisher_types", "code", "label"),
    "list835_section": ("list835_sections", "code", "label"),
}


def dataset_facets(facets_dict: dict[str, Any], package_type: str = "dataset") -> dict[str, Any]:
    """The publisher first, then the passport's facets, then CKAN's remaining ones; a use
    case search has its kind and hromada, then the tags."""
    if package_type == "showcase":
        ordered = {name: title() for name, title in SHOWCASE_FACETS}
        ordered["tags"] = facets_dict.get("tags", tk._("Tags"))
        facets_dict.clear()
        facets_dict.update(ordered)
        return facets_dict
    ordered = {"organization": facets_dict.get("organization", tk._("Organizations"))}
    ordered.update((name, title()) for name, title in FACETS)
    ordered.update((k, v) for k, v in facets_dict.items() if k not in ordered)
    facets_dict.clear()
    facets_dict.update(ordered)
    return facets_dict


def facet_label(facet: str, code: str, lang: str) -> str:
    """Human label of a facet value in `lang` (the code itself when unknown)."""
    if facet == "quality_band":
        return BAND_LABELS.get(code, {}).get(lang, code)
    if facet == "hromada":
        return hromadas.label(code, lang)
    known = FACET_VOCABULARIES.get(facet)
    if not known:
        return code
    vocabulary, key, label = known
    item = vocabularies.keyed(vocabulary, key).get(code)
    return localized(item[label], lang) if item else code


def label_function(facet: str, lang: str) -> Callable[[dict[str, Any]], str] | None:
    """A `label_function` for snippets/facet_list.html that shows a facet's codes as labels
    (None for facets whose values are their own labels)."""
    if facet not in FACET_VOCABULARIES and facet not in ("quality_band", "hromada"):
        return None
    return lambda item: facet_label(facet, item["name"], lang)
