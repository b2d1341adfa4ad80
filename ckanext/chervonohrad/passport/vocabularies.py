"""The controlled lists shipped under data/ (each file carries its `source` note).

Pure Python (no CKAN imports): the scoring engine, harvester and validators all read
the same lists through these functions.
"""
from __future__ import annotations

import functools
import os
from typing import Any

import yaml

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The whole document of data/<name>.yaml: `source` and `items`."""
    with open(os.path.join(DATA_DIR, f"{name}.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def items(name: str) -> list[dict[str, Any]]:
    return load(name)["items"]


def keyed(name: str, key: str = "code") -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items(name)}


def choices(name: str, key: str = "code", label: str = "label") -> list[dict[str, Any]]:
    """Scheming choices: `value` and a `{uk, en}` label."""
    return [{"value": item[key], "label": item[label]} for item in items(name)]
