"""Template helpers of the home room: the header's menus and the home page's content."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad import config
from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.home import figures, menus
from ckanext.chervonohrad.hromada import access

LATEST = 5
STORIES = 3


def _request_place() -> tuple[str | None, str | None]:
    from flask import request

    return request.endpoint, request.blueprint


# What the portal calls itself: CKAN's own setting (Ukrainian; editable on /ckan-admin/config)
# and this extension's English one, shown on English pages when set.
SITE_TEXTS = {"title": ("site_title", config.site_title_en),
              "description": ("site_description", config.site_description_en)}


@helper
def chervonohrad_site_text(name: str) -> str:
    """The portal's name (`title`) or description in the page's language."""
    ckan_setting, english = SITE_TEXTS[name]
    if tk.h.lang() == "en" and english():
        return english()
    return getattr(tk.g, ckan_setting, "") or ""  # CKAN's g falls back to its app_globals


@helper
def chervonohrad_home_menus() -> list[dict[str, Any]]:
    """The header's menus, each with its items' addresses and which one is the current page."""
    endpoint, blueprint = _request_place()
    result = []
    for key, label, items in menus.menus(access.oversees_any(viewer_name())):
        shown = [{"url": tk.h.url_for(item.endpoint), "label": tk._(item.label),
                  "active": menus.is_active(item, endpoint, blueprint)} for item in items]
        result.append({"key": key, "label": tk._(label), "entries": shown,
                       "active": menus.active_in(items, endpoint, blueprint)})
    return result


@helper
def chervonohrad_home_overview() -> dict[str, Any]:
    """The oblast's key figures and the best-rated publishers."""
    return figures.overview()


@helper
def chervonohrad_home_datasets(sort: str, rows: int = LATEST) -> list[dict[str, Any]]:
    """The newest (`metadata_created desc`) or most recently updated (`metadata_modified desc`)
    datasets the visitor may see."""
    if sort not in ("metadata_created desc", "metadata_modified desc"):
        raise ValueError(sort)
    found = tk.get_action("package_search")({"user": viewer_name()}, {
        "fq": "+dataset_type:dataset", "sort": sort, "rows": rows, "include_private": True})
    return found["results"]


@helper
def chervonohrad_home_news(rows: int = STORIES) -> list[dict[str, Any]]:
    """The newest news items of the hromadas and of the oblast."""
    return tk.get_action("chervonohrad_news_list")({"user": viewer_name()}, {"limit": rows})["results"]


@helper
def chervonohrad_home_use_cases(rows: int = STORIES) -> list[dict[str, Any]]:
    """The newest approved use cases of the data (proposals wait for a decision elsewhere)."""
    found = tk.get_action("package_search")({"user": viewer_name()}, {
        "fq": "+dataset_type:showcase +showcase_status:approved", "sort": "metadata_created desc", "rows": rows})
    return found["results"]
