"""What a material must contain. Lengths and plain text are judged by the validators the
passport and feedback rooms register; the link by this room's."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.validation import by_id  # noqa: F401  the rooms' id-only schema
from ckanext.chervonohrad.materials.model import (
    AUDIENCES,
    DESCRIPTION_MAX,
    SOURCE_MAX,
    TITLE_MAX,
    TOPICS,
    URL_MAX,
)


def _text(limit: int, required: bool = False) -> list:
    v = tk.get_validator
    first = v("not_empty") if required else v("ignore_missing")
    return [first, v("unicode_safe"), v("chervonohrad_strip"), v("chervonohrad_plain_text"), first,
            v("chervonohrad_max_length")(limit)]


@tk.validator_args
def material(ignore_missing, unicode_safe, one_of, default, int_validator, natural_number_validator,
             chervonohrad_strip, chervonohrad_max_length, chervonohrad_materials_link,
             chervonohrad_materials_position):
    """Create's fields. `upload` (a file, multipart) is checked by the action (materials.files)."""
    return {
        "title": _text(TITLE_MAX, required=True),
        "description": _text(DESCRIPTION_MAX),
        "url": [ignore_missing, unicode_safe, chervonohrad_strip, ignore_missing, chervonohrad_max_length(URL_MAX),
                chervonohrad_materials_link],
        "upload": [ignore_missing],
        "audience": [tk.get_validator("not_empty"), unicode_safe, one_of(list(AUDIENCES))],
        "topic": [tk.get_validator("not_empty"), unicode_safe, one_of(list(TOPICS))],
        "source": _text(SOURCE_MAX),
        "position": [default(0), int_validator, natural_number_validator, chervonohrad_materials_position],
    }


@tk.validator_args
def material_update(not_empty, unicode_safe):
    return dict(material(), id=[not_empty, unicode_safe])


@tk.validator_args
def material_list(ignore_missing, unicode_safe, one_of):
    return {
        "topic": [ignore_missing, unicode_safe, one_of(list(TOPICS))],
        "audience": [ignore_missing, unicode_safe, one_of(list(AUDIENCES))],
    }


