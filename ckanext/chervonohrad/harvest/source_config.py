"""A `chervonohrad_ckan` harvest source's configuration: JSON in, a typed value or one
clear error out. Pure (no CKAN imports): the harvester translates the error's msgid.

    {
      "organizations": ["sheptytska-miska-rada"],   remote organizations (names) to take
      "edrpou": ["14360570"],                        or publishers by EDRPOU code (either, or both)
      "owner_org": "finansove-upravlinnia",          local organization for every dataset
      "publisher_by_edrpou": true,                   else: the local publisher with the same EDRPOU
      "removed_datasets": "keep",                    or "delete": datasets gone at the source
      "timeout": 30, "page_size": 100, "max_datasets": 5000,
      "api_key": "...", "user_agent": "..."
    }

Without `owner_org`, each dataset goes to the local publisher whose EDRPOU code is the
remote publisher's (when `publisher_by_edrpou`), else to the harvest source's organization.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.passport import rules

REMOVED_CHOICES = ("keep", "delete")
LIMITS = {
    "timeout": (1, 300, 30),
    "page_size": (1, 1000, 100),
    "max_datasets": (1, 100000, 5000),
}
KNOWN = ("organizations", "edrpou", "owner_org", "publisher_by_edrpou", "removed_datasets",
         "api_key", "user_agent", *LIMITS)


class ConfigError(ValueError):
    """One problem with a source's configuration: an English msgid and its parameters."""

    def __init__(self, msgid: str, **params: Any):
        self.msgid = msgid
        self.params = params
        super().__init__(msgid.format(**params))


@dataclass(frozen=True)
class SourceConfig:
    organizations: tuple[str, ...] = ()
    edrpou: tuple[str, ...] = ()
    owner_org: str | None = None
    publisher_by_edrpou: bool = True
    removed_datasets: str = "keep"
    timeout: int = LIMITS["timeout"][2]
    page_size: int = LIMITS["page_size"][2]
    max_datasets: int = LIMITS["max_datasets"][2]
    api_key: str | None = None
    user_agent: str | None = None

    @property
    def deletes_removed(self) -> bool:
        return self.removed_datasets == "delete"


def _strings(value: Any, option: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(_n("«{option}» must be a list of non-empty strings"), option=option)
    return tuple(dict.fromkeys(v.strip() for v in value))


def _edrpou_codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(_n("«edrpou» must be a list of 8-digit EDRPOU codes"))
    codes = []
    for item in value:
        code = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
        if not rules.edrpou_is_valid(code):
            raise ConfigError(_n("«{code}» is not a valid EDRPOU code (8 digits with a correct check digit; "
                                 "write codes as strings so leading zeros survive)"), code=item)
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _options(text: str | None, known: tuple[str, ...], example: str) -> dict[str, Any] | None:
    """The stored text as a JSON object of known options; None when it is empty."""
    if text is None or not str(text).strip():
        return None
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise ConfigError(_n("The configuration is not valid JSON: {error}"), error=str(error)) from None
    if not isinstance(raw, dict):
        raise ConfigError(_n("The configuration must be a JSON object, e.g. {example}"), example=example)
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(_n("Unknown option «{option}»; the options are: {known}"),
                          option=unknown[0], known=", ".join(known))
    return raw


def parse(text: str | None) -> SourceConfig:
    """The configuration stored with a harvest source (empty means every default)."""
    raw = _options(text, KNOWN, '{"organizations": ["my-org"]}')
    if raw is None:
        return SourceConfig()
    values: dict[str, Any] = {}
    if "organizations" in raw:
        values["organizations"] = _strings(raw["organizations"], "organizations")
    if "edrpou" in raw:
        values["edrpou"] = _edrpou_codes(raw["edrpou"])
    for option in ("owner_org", "api_key", "user_agent"):
        if raw.get(option) is not None:
            if not isinstance(raw[option], str) or not raw[option].strip():
                raise ConfigError(_n("«{option}» must be a non-empty string"), option=option)
            values[option] = raw[option].strip()
    if "publisher_by_edrpou" in raw:
        if not isinstance(raw["publisher_by_edrpou"], bool):
            raise ConfigError(_n("«{option}» must be true or false"), option="publisher_by_edrpou")
        values["publisher_by_edrpou"] = raw["publisher_by_edrpou"]
    if "removed_datasets" in raw:
        if raw["removed_datasets"] not in REMOVED_CHOICES:
            raise ConfigError(_n("«removed_datasets» must be «keep» or «delete», not «{value}»"),
                              value=raw["removed_datasets"])
        values["removed_datasets"] = raw["removed_datasets"]
    for option, (low, high, _default) in LIMITS.items():
        if option in raw:
            value = raw[option]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ConfigError(_n("«{option}» must be a whole number from {low} to {high}"),
                                  option=option, low=low, high=high)
            values[option] = value
    return SourceConfig(**values)



# --- a `dcat_rdf` source (ckanext-dcat's harvester, this portal's hooks: harvest/dcat_rdf.py) ----

# ckanext-dcat's own option (which RDF syntax the file is in, when its type does not say) and
# the options of ours that mean something for one RDF file: where datasets go, what happens
# to those gone from the file, how long to wait for it.
DCAT_KNOWN = ("rdf_format", "owner_org", "publisher_by_edrpou", "removed_datasets", "timeout")


def parse_dcat(text: str | None) -> SourceConfig:
    """A `dcat_rdf` source's configuration: the options above, with the same meaning and
    defaults as a `chervonohrad_ckan` source's (ckanext-dcat checks `rdf_format` itself)."""
    raw = _options(text, DCAT_KNOWN, '{"rdf_format": "turtle"}')
    if raw is None:
        return SourceConfig()
    return parse(json.dumps({k: v for k, v in raw.items() if k != "rdf_format"}))
