"""Template helpers of the news room."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.hromada import vocabulary
from ckanext.chervonohrad.news import access


@helper
def chervonohrad_news_of_dataset(package_id: str, limit: int = 3) -> list[dict[str, Any]]:
    """The newest news items about a dataset (none while it is private, a draft or deleted)."""
    try:
        found = tk.get_action("chervonohrad_news_list")(
            {"user": viewer_name()}, {"dataset": package_id, "limit": limit})
    except (tk.ObjectNotFound, tk.ValidationError):
        return []
    return found["results"]


@helper
def chervonohrad_news_may_write() -> bool:
    """Whether the viewer may write news of some hromada or of the whole oblast."""
    return access.may_write_any(viewer_name())


@helper
def chervonohrad_news_may_edit(post: dict[str, Any]) -> bool:
    return access.may_write(viewer_name(), post.get("hromada"))


@helper
def chervonohrad_news_scope(hromada: str | None) -> str:
    """Whose news it is: the hromada's name, or the whole oblast."""
    return vocabulary.label(hromada, page_language()) if hromada else tk._("Whole oblast")


@helper
def chervonohrad_news_date(value: str | dt.date | None) -> str:
    """A post's day as people read it: 01.04.2026."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


@helper
def chervonohrad_news_today() -> str:
    """Today in Kyiv (YYYY-MM-DD): the latest day a post may be dated."""
    from ckanext.chervonohrad.news.logic.validators import kyiv_today

    return kyiv_today().isoformat()
