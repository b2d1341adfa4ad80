"""The link of a material: a public web address, so nothing typed runs in a browser and no
link points into the portal's own network."""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.chervonohrad.common.outbound import refusal
from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.common.validation import fail
from ckanext.chervonohrad.passport import rules

_LOCAL_NAMES = ("localhost", "localhost.localdomain")


def is_public_link(value: str) -> bool:
    """An absolute http(s) address with a host that is a name with a dot or a public IP
    address: not javascript:, data:, a path, localhost or a private network. Pure (no DNS)."""
    if not rules.link_is_storable(value) or rules.link_kind(value) != "web":
        return False
    host = (urlsplit(value).hostname or "").rstrip(".").lower()
    if not host or host in _LOCAL_NAMES or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return refusal(address) is None


@validator
def chervonohrad_materials_link(key, data, errors, context):
    value = data.get(key)
    if value is missing or value is None or value == "":
        return
    if not isinstance(value, str) or not is_public_link(value):
        fail(key, errors, tk._("«Link» must be a public web address starting with http:// or https:// "
                               "(e.g. https://data.gov.ua/pages/835-rec-index); «{value}» is not one").format(
            value=_shown(value)))


def _shown(value) -> str:
    """The refused value as the message quotes it: short, its hidden characters visible."""
    text = str(value)
    text = text if len(text) <= 80 else text[:79] + "…"
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02x}", text)


POSITION_MAX = 1_000_000


@validator
def chervonohrad_materials_position(key, data, errors, context):
    """A position the column holds (an integer column): at most a million."""
    value = data.get(key)
    if isinstance(value, int) and value > POSITION_MAX:
        fail(key, errors, tk._("Must be at most {limit}").format(limit=POSITION_MAX))
