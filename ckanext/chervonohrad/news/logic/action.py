"""News posts: a hromada's (its publishers' admins and council officers write them) or the
whole oblast's (regional administrators), each about a few public datasets.

Anyone reads the active posts; a deleted one is gone for everyone (it stays in the table,
state `deleted`, and no longer counts for its quarter). A post's datasets are shown only
while they are active and public: one made private or deleted later drops out of the post
without its title being shown. The author is the caller, never a field of the input.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.records import by_id
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.hromada import access as hromada_access
from ckanext.chervonohrad.news.logic import schema
from ckanext.chervonohrad.news.logic import validators as _validators  # noqa: F401  registers them
from ckanext.chervonohrad.news.logic.validators import OBLAST, public_dataset
from ckanext.chervonohrad.news.model import ACTIVE, DELETED, News, NewsDataset

LIST_LIMIT, LIST_MAX = 20, 100


# ---- reading ----------------------------------------------------------------------

def _get(id_: str, lock: bool = False) -> News:
    post = by_id(News, id_, tk._("News item not found"), lock)
    if post.state != ACTIVE:
        raise tk.ObjectNotFound(tk._("News item not found"))
    return post


def shown_datasets(package_ids: list[str]) -> list[dict[str, str]]:
    """The active public datasets among `package_ids`, by title; the others are not named."""
    if not package_ids:
        return []
    rows = (model.Session.query(model.Package.id, model.Package.name, model.Package.title)
            .filter(model.Package.id.in_(package_ids), model.Package.state == model.State.ACTIVE,
                    model.Package.private.is_(False), model.Package.type == "dataset"))
    return sorted(({"id": r.id, "name": r.name, "title": r.title or r.name} for r in rows),
                  key=lambda d: d["title"].casefold())


def dictize(post: News) -> dict[str, Any]:
    data = post.as_dict()
    data["datasets"] = shown_datasets([link.package_id for link in post.links])
    return data


@action
@tk.side_effect_free
@tk.validate(schema.by_id)
def chervonohrad_news_show(context, data_dict):
    """One news item, with the public datasets it is about (anyone).

    :param id: the item's id
    :returns: id, title, body (Markdown), hromada (a KATOTTG code, or null: the whole oblast),
        published (YYYY-MM-DD), author_user_id, datasets ([{id, name, title}]), created, modified
    """
    tk.check_access("chervonohrad_news_show", context, data_dict)
    return dictize(_get(data_dict["id"]))


def _filtered(data_dict: dict[str, Any]):
    query = model.Session.query(News).filter(News.state == ACTIVE)
    hromada = data_dict.get("hromada")
    if hromada == OBLAST:
        query = query.filter(News.hromada.is_(None))
    elif hromada:
        query = query.filter(News.hromada == hromada)
    if data_dict.get("dataset"):
        package = public_dataset(data_dict["dataset"])
        if package is None:  # missing, private or deleted alike
            raise tk.ObjectNotFound(tk._("Dataset not found"))
        query = query.filter(News.links.any(NewsDataset.package_id == package.id))
    return query


@action
@tk.side_effect_free
@tk.validate(schema.news_list)
def chervonohrad_news_list(context, data_dict):
    """Active news items, newest `published` first (anyone).

    :param hromada: a KATOTTG code (that hromada's items), or ``oblast`` (the whole oblast's)
    :param dataset: a public dataset's name or id: the items about it
    :param limit: default 20 (at most 100); :param offset: default 0
    :returns: ``{"count": n, "results": [item, …]}`` (items as chervonohrad_news_show gives them)
    """
    tk.check_access("chervonohrad_news_list", context, data_dict)
    query = _filtered(data_dict)
    count = query.count()
    limit = min(data_dict.get("limit", LIST_LIMIT), LIST_MAX)
    rows = (query.order_by(News.published.desc(), News.created.desc(), News.id)
            .offset(data_dict.get("offset", 0)).limit(limit).all())
    return {"count": count, "results": [dictize(post) for post in rows]}


# ---- writing ----------------------------------------------------------------------

def _author_id(context) -> str:
    user = hromada_access.active_user(context.get("user"))
    if user is None:  # only the portal's own code gets here (ignore_auth without a user)
        user = model.User.get(tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"])
    return user.id


def _link(post: News, package_ids: list[str]) -> None:
    post.links = [NewsDataset(package_id=package_id) for package_id in package_ids]


@action
@tk.validate(schema.news_create)
def chervonohrad_news_create(context, data_dict):
    """Write a news item (regional administrators for any hromada and the whole oblast; for a
    hromada also its council officers and the admins of its publishers).

    :param title: at most 200 characters
    :param body: Markdown, at most 20,000 characters (rendered through CKAN's sanitiser)
    :param published: the day, YYYY-MM-DD, not in the future (default: today in Kyiv)
    :param hromada: a KATOTTG code; empty or missing: the whole oblast
    :param datasets: names or ids of public datasets (a list, or text separated by commas)
    """
    tk.check_access("chervonohrad_news_create", context, data_dict)
    post = News(title=data_dict["title"], body=data_dict["body"], hromada=data_dict.get("hromada"),
                published=data_dict["published"], author_user_id=_author_id(context))
    _link(post, data_dict.get("datasets") or [])
    model.Session.add(post)
    model.Session.commit()
    return dictize(post)


@action
@tk.validate(schema.news_update)
def chervonohrad_news_update(context, data_dict):
    """Change a news item: the fields given replace the stored ones (the others stay).
    Moving it to another hromada (or to the whole oblast) needs the right to write for both.

    :param id: :param title: :param body: :param published: :param hromada: :param datasets:
        as chervonohrad_news_create; ``datasets`` given replaces the list
    """
    tk.check_access("chervonohrad_news_update", context, data_dict)
    post = _get(data_dict["id"], lock=True)
    for field in ("title", "body", "published"):
        if field in data_dict:
            setattr(post, field, data_dict[field])
    if "hromada" in data_dict:
        post.hromada = data_dict["hromada"]
    if "datasets" in data_dict:
        _link(post, data_dict["datasets"])
    model.Session.commit()
    return dictize(post)


@action
@tk.validate(schema.by_id)
def chervonohrad_news_delete(context, data_dict):
    """Delete a news item (the same people as may change it): it is marked deleted, leaves
    the pages and the feed, and no longer counts for its quarter. :param id:"""
    tk.check_access("chervonohrad_news_delete", context, data_dict)
    post = _get(data_dict["id"], lock=True)
    post.state = DELETED
    model.Session.commit()
    return {"id": post.id, "deleted": True}

