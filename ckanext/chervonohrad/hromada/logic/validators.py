"""A hromada is named by its KATOTTG code and must be one of the oblast's (data/hromadas.yaml)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.hromada import vocabulary


def chervonohrad_hromada(key, data, errors, context):
    value = data.get(key)
    if value is tk.missing or value is None or not str(value).strip():
        return
    data[key] = value = str(value).strip().upper()
    if not vocabulary.exists(value):
        errors[key].append(tk._("«{value}» is not the KATOTTG code of a hromada of Lviv oblast: choose one "
                                "from the list").format(value=value))
        raise tk.StopOnError


def get_validators() -> dict[str, Callable[..., Any]]:
    return {"chervonohrad_hromada": chervonohrad_hromada}
