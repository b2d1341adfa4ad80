"""What Solr learns about a dataset beyond CKAN's own fields, and the facets built on it.

Passport fields are stored by scheming as extras, which CKAN already indexes under their
own names (CKAN's schema.xml maps unknown fields to strings). Two facets need facts from
elsewhere: the publisher's type (an organization field) and the 835 list's section.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.passport import vocabularies

FACETS = (
    ("update_frequency", lambda: tk._("Update frequency")),
    ("topic", lambda: tk._("Topic")),
    ("publisher_type", lambda: tk._("Publisher type")),
    ("list835_section", lambda: tk._("Resolution 835 section")),
    ("res_format", lambda: tk._("Formats")),
    ("quality_band", lambda: tk._("Quality")),
)

# facet -> (vocabulary, key field, label field): how a facet's code becomes a label
FACET_VOCABULARIES = {
    "update_frequency": ("update_frequencies", "code", "label"),
    "topic": ("topics", "name", "title"),
    "publisher_type": ("publisher_types", "code", "label"),
    "list835_section": ("list835_sections", "code", "label"),
}


def search_params(params: dict[str, Any]) -> dict[str, Any]:
    """Free-text searches weigh title over description over resources (the fields are
    analysed for Ukrainian by the portal's Solr schema, see solr/derive_schema.py)."""
    from ckanext.chervonohrad import config

    if "qf" not in params and not params.get("defType"):
        params["qf"] = config.search_qf()
    return params


def index_fields(pkg_dict: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Add publisher_type, publisher_edrpou and list835_section to the document CKAN sends
    to Solr (as exact strings, through the schema's `*` field)."""
    org_id = pkg_dict.get("owner_org")
    if org_id:
        # The identity map first: a batch re-index has the publishers loaded already.
        org = model.Session.get(model.Group, org_id) or model.Group.get(org_id)
        for key, field in (("publisher_type", "publisher_type"), ("edrpou", "publisher_edrpou")):
            if org is not None and org.extras.get(key):
                pkg_dict[field] = org.extras[key]
    item = vocabularies.keyed("list835", "id").get(data.get("list835_item") or pkg_dict.get("list835_item"))
    if item:
        pkg_dict["list835_section"] = item["section"]
    return pkg_dict


def dataset_facets(facets_dict: dict[str, Any]) -> dict[str, Any]:
    """The publisher first, then the passport's facets, then CKAN's remaining ones."""
    ordered = {"organization": facets_dict.get("organization", tk._("Organizations"))}
    ordered.update((name, title()) for name, title in FACETS)
    ordered.update((k, v) for k, v in facets_dict.items() if k not in ordered)
    facets_dict.clear()
    facets_dict.update(ordered)
    return facets_dict


def facet_label(facet: str, code: str, lang: str) -> str:
    """Human label of a facet value in `lang` (the code itself when unknown)."""
    if facet == "quality_band":
        from ckanext.chervonohrad.quality.engine import BAND_LABELS

        return BAND_LABELS.get(code, {}).get(lang, code)
    known = FACET_VOCABULARIES.get(facet)
    if not known:
        return code
    vocabulary, key, label = known
    item = vocabularies.keyed(vocabulary, key).get(code)
    return (item[label].get(lang) or item[label]["uk"]) if item else code
