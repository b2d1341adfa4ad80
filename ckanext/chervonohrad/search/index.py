"""What Solr learns about a dataset beyond CKAN's own fields.

Passport fields are stored by scheming as extras, which CKAN already indexes under their
own names (CKAN's schema.xml maps unknown fields to strings). Facets and sorting need facts
from elsewhere: the publisher's type and EDRPOU (organization fields), the 835 list's
section, and the dataset's quality score and band.
"""
from __future__ import annotations

import json
from typing import Any

from ckan import model

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.passport import vocabularies
from ckanext.chervonohrad.quality import scoring


def document(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """The Solr document CKAN is about to index, with this portal's fields added."""
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    if pkg_dict.get("type", "dataset") != "dataset":
        return pkg_dict  # a use case or a harvest source: no publisher, no score
    _publisher_and_section(pkg_dict, validated)
    pkg_dict["quality_score"], pkg_dict["quality_band"] = scoring.indexed_score(
        validated.get("id") or pkg_dict.get("id") or "", validated)
    return pkg_dict


def _publisher_and_section(pkg_dict: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Add publisher_type, publisher_edrpou and list835_section to the document CKAN sends
    to Solr (as exact strings, through the schema's `*` field)."""
    org_id = pkg_dict.get("owner_org")
    if org_id:
        # The identity map first: a batch re-index has the publishers loaded already.
        org = model.Session.get(model.Group, org_id) or model.Group.get(org_id)
        stored = extras.of(org) if org is not None else {}
        for key, field in (("publisher_type", "publisher_type"), ("edrpou", "publisher_edrpou")):
            if stored.get(key):
                pkg_dict[field] = stored[key]
    item = vocabularies.keyed("list835", "id").get(data.get("list835_item") or pkg_dict.get("list835_item"))
    if item:
        pkg_dict["list835_section"] = item["section"]
    return pkg_dict
