"""Pages of the materials room: the public list at /materials (grouped by topic, narrowed by
audience and topic through a GET form), a file's download, and for regional administrators
the add, edit and delete forms."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, send_file
from werkzeug.exceptions import RequestEntityTooLarge

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.helpers import viewer_name
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.materials import files
from ckanext.chervonohrad.materials.model import TOPICS, Material

blueprint = Blueprint("chervonohrad_materials", __name__)

# The form's fields, as the error summary names them.
FIELD_LABELS = {
    "title": _n("Title of the material"), "description": _n("Description"), "url": _n("Link"), "upload": _n("File"),
    "audience": _n("For whom"), "topic": _n("Topic"), "source": _n("Source"), "position": _n("Order within the topic"),
    "id": _n("Material"),
}
INPUT_FIELDS = ("title", "description", "url", "audience", "topic", "source", "position")
# A whole request of the form: the file and the text fields, with room to spare.
REQUEST_SLACK = 512 * 1024


@blueprint.url_value_preprocessor
def _limit_request_size(endpoint, values) -> None:
    # Before CKAN's CSRF check reads the form: a body larger than the file limit is refused
    # (413, below) without being read; no other page of the portal is limited by it.
    tk.request.max_content_length = files.max_bytes() + REQUEST_SLACK


@blueprint.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    return tk.render("error_document_template.html", extra_vars={
        "code": 413, "name": error.name,
        "content": tk._("The request is too large: the file must be at most {mb} MB").format(mb=files.max_mb())}), 413


def _context() -> dict[str, Any]:
    return {"user": viewer_name()}


def _summary(errors: dict[str, Any]) -> dict[str, str]:
    return {tk._(FIELD_LABELS.get(k, k)): " ".join(map(str, v)) for k, v in errors.items()}


def _admins_only() -> None:
    if not is_regional_admin(viewer_name()):
        tk.abort(403, tk._("Only regional administrators may add, change or delete materials"))


def _material(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("chervonohrad_materials_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Material not found"))


@blueprint.route("/materials")
def index():
    params = {k: tk.request.args[k] for k in ("audience", "topic") if tk.request.args.get(k)}
    try:
        found = tk.get_action("chervonohrad_materials_list")(_context(), params)
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(f"{label}: {text}" for label, text in _summary(error.error_dict).items()))
    groups = [(code, [m for m in found["results"] if m["topic"] == code]) for code in TOPICS]
    return tk.render("chervonohrad/materials/index.html", extra_vars={
        "groups": [(code, items) for code, items in groups if items], "count": found["count"], "params": params,
        "is_admin": is_regional_admin(viewer_name())})


@blueprint.route("/materials/<id>/file")
def download(id: str):
    material = model.Session.get(Material, id)
    if material is None or not material.file_name:
        return tk.abort(404, tk._("Material not found"))
    try:
        full = files.path(material.file_name)
        response = send_file(full, mimetype=files.mimetype(material.file_name), as_attachment=True,
                             download_name=material.file_original_name or f"material.{files.extension(full)}")
    except (tk.ObjectNotFound, FileNotFoundError):
        return tk.abort(404, tk._("Material not found"))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _posted() -> dict[str, Any]:
    form = tk.request.form
    data = {k: form.get(k, "").strip() for k in INPUT_FIELDS}
    data = {k: v for k, v in data.items() if v != ""}
    upload = tk.request.files.get("upload")
    if files.is_upload(upload):
        data["upload"] = upload
    return data


def _render_form(data: dict[str, Any], errors: dict[str, Any], material: dict[str, Any] | None = None):
    shown = {k: v for k, v in data.items() if k != "upload"}  # a refused file is not kept
    return tk.render("chervonohrad/materials/form.html", extra_vars={
        "data": shown, "errors": errors, "error_summary": _summary(errors), "material": material})


@blueprint.route("/materials/new", methods=["GET", "POST"])
def new():
    _admins_only()
    if tk.request.method == "GET":
        return _render_form({"position": "0"}, {})
    data = _posted()
    try:
        tk.get_action("chervonohrad_materials_create")(_context(), data)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return _render_form(data, error.error_dict), 400
    tk.h.flash_success(tk._("The material has been added."))
    return tk.redirect_to("chervonohrad_materials.index")


@blueprint.route("/materials/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    _admins_only()
    material = _material(id)
    if tk.request.method == "GET":
        return _render_form({k: material.get(k) for k in INPUT_FIELDS}, {}, material)
    data = _posted()
    try:
        tk.get_action("chervonohrad_materials_update")(_context(), dict(data, id=material["id"]))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Material not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return _render_form(data, error.error_dict, material), 400
    tk.h.flash_success(tk._("The material has been saved."))
    return tk.redirect_to("chervonohrad_materials.index")


@blueprint.route("/materials/<id>/delete", methods=["GET", "POST"])
def delete(id: str):
    _admins_only()
    material = _material(id)
    if tk.request.method == "GET":
        return tk.render("chervonohrad/materials/delete.html", extra_vars={"material": material})
    try:
        tk.get_action("chervonohrad_materials_delete")(_context(), {"id": material["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Material not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    tk.h.flash_success(tk._("The material has been deleted."))
    return tk.redirect_to("chervonohrad_materials.index")
