"""Who may write, change and delete news (news.access says it): for a hromada, regional
administrators, its council officers and its publishers' admins; for the whole oblast,
regional administrators only. Moving a post to another hromada needs the right for both.
Anyone reads."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import auth, public_auth, verdict
from ckanext.chervonohrad.news import access
from ckanext.chervonohrad.news.model import News

public_auth("chervonohrad_news_show")
public_auth("chervonohrad_news_list")


def _hromada(value: Any) -> str | None:
    """A hromada as the input gives it (the action has validated it): None is the whole oblast."""
    return (str(value).strip().upper() or None) if value else None


def _refusal(hromada: str | None) -> str:
    if hromada is None:
        return tk._("Only regional administrators may write the news of the whole oblast")
    return tk._("Only regional administrators, the hromada's council officers and the admins of its publishers "
                "may write its news")


def _judge(user_name: str | None, hromadas: list[str | None]) -> dict[str, Any]:
    for hromada in hromadas:
        if not access.may_write(user_name, hromada):
            return verdict(False, _refusal(hromada))
    return verdict(True, "")


@auth
def chervonohrad_news_create(context, data_dict):
    return _judge(context.get("user"), [_hromada((data_dict or {}).get("hromada"))])


def _stored(data_dict) -> News | None:
    return model.Session.get(News, (data_dict or {}).get("id") or "")


@auth
def chervonohrad_news_update(context, data_dict):
    post = _stored(data_dict)
    if post is None:
        return verdict(access.may_write_any(context.get("user")), _refusal(None))  # the action answers 404
    hromadas = [post.hromada]
    if "hromada" in (data_dict or {}):
        hromadas.append(_hromada(data_dict["hromada"]))
    return _judge(context.get("user"), hromadas)


@auth
def chervonohrad_news_delete(context, data_dict):
    post = _stored(data_dict)
    if post is None:
        return verdict(access.may_write_any(context.get("user")), _refusal(None))
    return _judge(context.get("user"), [post.hromada])
