# -*- coding: utf-8 -*-
"""Scheming `choices_helper`s: every select in the schemas reads its list from data/."""
from __future__ import annotations

from typing import Any, Callable

from ckanext.chervonohrad.passport import vocabularies


def chervonohrad_update_frequency_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("update_frequencies")


def chervonohrad_language_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("languages")


def chervonohrad_topic_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("topics", key="name", label="title")


def chervonohrad_publisher_type_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("publisher_types")


def chervonohrad_list835_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    not_in_list = {"value": "none", "label": {"uk": "Не входить до переліку", "en": "Not in the list"}}
    return [not_in_list] + vocabularies.choices("list835", key="id", label="title")


def chervonohrad_resource_role_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    return vocabularies.choices("resource_roles")


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {
        name: fn
        for name, fn in globals().items()
        if name.startswith("chervonohrad_") and callable(fn)
    }
