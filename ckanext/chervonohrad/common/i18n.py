"""Marking strings for the catalogue where they are defined but translated later, and picking
a `{uk: …, en: …}` label's text in a language."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def _n(message: str) -> str:
    """Marks a msgid for extraction (pybabel -k _n); callers translate it with `_` when shown."""
    return message


def _nn(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural msgid (pybabel -k _nn:1,2); callers translate it with `ungettext`."""
    return singular, plural


def localized(labels: Mapping[str, T], lang: str) -> T:
    """The text of a `{uk: …, en: …}` label in `lang`; Ukrainian when that one is missing or
    empty (the portal's texts always have it), else any text the label has. Pure."""
    return labels.get(lang) or labels.get("uk") or next(iter(labels.values()), "")
