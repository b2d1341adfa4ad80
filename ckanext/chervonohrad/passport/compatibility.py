"""data.gov.ua compatibility of what `package_show` returns.

The passport fields already travel under data.gov.ua's own names (`update_frequency`,
`purpose_of_collecting_information`, `language`, `maintainer`, `maintainer_email`,
`version`, tags), because the schema stores them so. What a harvester cannot see in
CKAN's stock output is the publisher's identity: `organization` carries no custom
fields. This adds the publisher's EDRPOU and territory codes to it.
"""
from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.chervonohrad.common import extras

PUBLISHER_CODES = ("edrpou", "hromada", "publisher_type")


def with_publisher_codes(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    organization = pkg_dict.get("organization")
    if not isinstance(organization, dict) or not organization.get("id"):
        return pkg_dict
    group = model.Group.get(organization["id"])
    if group is None:
        return pkg_dict
    stored = extras.of(group)
    for key in PUBLISHER_CODES:
        if stored.get(key):
            organization[key] = stored[key]
    return pkg_dict
