"""Template helpers of the materials room: the code lists' choices and labels."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.materials import files
from ckanext.chervonohrad.materials.model import AUDIENCES, TOPICS


@helper
def chervonohrad_materials_audiences() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in AUDIENCES.items()]


@helper
def chervonohrad_materials_topics() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in TOPICS.items()]


@helper
def chervonohrad_materials_audience_label(code: str | None) -> str:
    return tk._(AUDIENCES[code]) if code in AUDIENCES else (code or "")


@helper
def chervonohrad_materials_topic_label(code: str | None) -> str:
    return tk._(TOPICS[code]) if code in TOPICS else (code or "")


@helper
def chervonohrad_materials_file_rules() -> dict[str, object]:
    """What the form says a file may be: the extensions and the largest size in MB."""
    return {"extensions": ", ".join(files.ALLOWED), "max_mb": files.max_mb()}
