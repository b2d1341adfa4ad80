"""The oblast's hromadas as shipped in data/hromadas.yaml (KATOTTG codes, names, raions)."""
from __future__ import annotations

import functools
from typing import Any

from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.passport import vocabularies

NAME = "hromadas"


def hromadas() -> list[dict[str, Any]]:
    """Every hromada of the oblast, in the codifier's order (by raion, then code)."""
    return vocabularies.items(NAME)


@functools.cache
def _by_code() -> dict[str, dict[str, Any]]:
    return vocabularies.keyed(NAME)


def get(code: str | None) -> dict[str, Any] | None:
    return _by_code().get(code or "")


def exists(code: str | None) -> bool:
    return get(code) is not None


def label(code: str | None, lang: str = "uk") -> str:
    """The hromada's name in `lang`; an unknown code is shown as it is."""
    found = get(code)
    if found is None:
        return code or ""
    return localized(found["label"], lang)
