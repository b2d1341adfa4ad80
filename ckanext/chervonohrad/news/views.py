"""Pages of the news room: the public list (/news, ?hromada= narrows it to a hromada or to
the whole oblast's posts) and its Atom feed, one post, and the form to write, change and
delete posts for those who may (news.access)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.hromada import filters, vocabulary
from ckanext.chervonohrad.hromada.access import home_hromada
from ckanext.chervonohrad.news import access, feed
from ckanext.chervonohrad.news.logic.validators import OBLAST

blueprint = Blueprint("chervonohrad_news", __name__)

PER_PAGE = 10
FEED_ENTRIES = 30

# The form's fields, as the error summary names them.
FIELD_LABELS = {"title": _n("Headline"), "published": _n("Date"), "hromada": _n("Hromada"),
                "datasets": _n("Datasets"), "body": _n("Text"), "id": _n("News item")}
FIELDS = ("title", "published", "hromada", "datasets", "body")


def _context() -> dict[str, Any]:
    return {"user": viewer_name()}


def _summary(errors: dict[str, Any]) -> dict[str, str]:
    return {tk._(FIELD_LABELS.get(k, k)): " ".join(map(str, v)) for k, v in errors.items()}


# ---- the list and the feed ---------------------------------------------------------

def _list_filter() -> dict[str, str]:
    hromada = (tk.request.args.get("hromada") or "").strip()
    return {"hromada": hromada} if hromada and hromada.lower() != filters.WHOLE_OBLAST else {}


def _page_number() -> int:
    try:
        return max(int(tk.request.args.get("page", 1)), 1)
    except ValueError:
        return 1


def _listed(params: dict[str, Any]) -> dict[str, Any] | Any:
    try:
        return tk.get_action("chervonohrad_news_list")(_context(), params)
    except tk.ValidationError as error:
        return filters.invalid_filter(error)


@blueprint.route("/news")
def index():
    chosen = _list_filter()
    page = _page_number()
    found = _listed(dict(chosen, limit=PER_PAGE, offset=(page - 1) * PER_PAGE))
    hromada = chosen.get("hromada", "").upper() if chosen.get("hromada", "").lower() != OBLAST else OBLAST
    return tk.render("chervonohrad/news/index.html", extra_vars={
        "posts": found["results"], "count": found["count"], "page": page,
        "pages": max((found["count"] + PER_PAGE - 1) // PER_PAGE, 1), "hromada": hromada,
        "hromada_choices": filters.choices(page_language()), "may_write": access.may_write_any(viewer_name())})


@blueprint.route("/news/feed.atom", endpoint="feed")
def feed_atom():
    chosen = _list_filter()
    found = _listed(dict(chosen, limit=FEED_ENTRIES))
    hromada = chosen.get("hromada")
    scope = (tk._("Whole oblast") if hromada.lower() == OBLAST else vocabulary.label(hromada.upper(), page_language())
             ) if hromada else None
    title = tk._("News of the open-data portal") + (f" · {scope}" if scope else "")
    body = feed.atom(found["results"], title, hromada, page_language())
    return Response(body, mimetype="application/atom+xml")



# ---- one post -----------------------------------------------------------------------

def _post(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("chervonohrad_news_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("News item not found"))


@blueprint.route("/news/<id>")
def read(id: str):
    post = _post(id)
    return tk.render("chervonohrad/news/read.html", extra_vars={
        "post": post, "may_edit": access.may_write(viewer_name(), post["hromada"])})


# ---- writing ------------------------------------------------------------------------

def _form_choices(writable: set[str] | None) -> list[dict[str, Any]]:
    """The hromadas the writer may choose, grouped by raion; a regional administrator's list
    begins with the whole oblast (the empty value)."""
    groups = filters.choices(page_language())
    if writable is None:
        return [{"raion": None, "hromadas": [{"code": "", "label": tk._("Whole oblast")}]}, *groups]
    kept = [dict(g, hromadas=[h for h in g["hromadas"] if h["code"] in writable]) for g in groups]
    return [g for g in kept if g["hromadas"]]


def _render_form(data: dict[str, Any], errors: dict[str, Any], post: dict[str, Any] | None = None):
    writable = access.writable_hromadas(viewer_name())
    return tk.render("chervonohrad/news/form.html", extra_vars={
        "data": data, "errors": errors, "error_summary": _summary(errors), "post": post,
        "hromada_choices": _form_choices(writable)})


def _posted() -> dict[str, str]:
    return {k: tk.request.form.get(k, "") for k in FIELDS}


def _refuse(error: tk.NotAuthorized):
    return tk.abort(403, str(error) or tk._("Not authorized to write this news item"))


def _writer_only() -> set[str] | None:
    writable = access.writable_hromadas(viewer_name())
    if writable == set():
        tk.abort(403, tk._("Only regional administrators, council officers and the admins of publishers write news"))
    return writable


@blueprint.route("/news/new", methods=["GET", "POST"])
def new():
    writable = _writer_only()
    if tk.request.method == "GET":
        wanted = (tk.request.args.get("hromada") or "").upper()
        if writable is not None and wanted not in writable:
            home = home_hromada(viewer_name())
            wanted = home if home in writable else sorted(writable)[0]
        return _render_form({"hromada": wanted, "datasets": tk.request.args.get("dataset", "")}, {})
    data = _posted()
    try:
        created = tk.get_action("chervonohrad_news_create")(_context(), data)
    except tk.ValidationError as error:
        return _render_form(data, error.error_dict), 400
    except tk.NotAuthorized as error:
        return _refuse(error)
    tk.h.flash_success(tk._("The news item has been published."))
    return tk.redirect_to("chervonohrad_news.read", id=created["id"])


def _editable(id: str) -> dict[str, Any]:
    post = _post(id)
    if not access.may_write(viewer_name(), post["hromada"]):
        tk.abort(403, tk._("Only regional administrators, the hromada's council officers and the admins of its "
                           "publishers may change its news"))
    return post


@blueprint.route("/news/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    post = _editable(id)
    if tk.request.method == "GET":
        data = dict({k: post[k] or "" for k in ("title", "published", "hromada", "body")},
                    datasets="\n".join(d["name"] for d in post["datasets"]))
        return _render_form(data, {}, post)
    data = _posted()
    try:
        tk.get_action("chervonohrad_news_update")(_context(), dict(data, id=post["id"]))
    except tk.ValidationError as error:
        return _render_form(data, error.error_dict, post), 400
    except tk.NotAuthorized as error:
        return _refuse(error)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("News item not found"))
    tk.h.flash_success(tk._("The news item has been saved."))
    return tk.redirect_to("chervonohrad_news.read", id=post["id"])


@blueprint.route("/news/<id>/delete", methods=["POST"])
def delete(id: str):
    try:
        tk.get_action("chervonohrad_news_delete")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("News item not found"))
    except tk.NotAuthorized as error:
        return _refuse(error)
    tk.h.flash_success(tk._("The news item has been deleted."))
    return tk.redirect_to("chervonohrad_news.index")
