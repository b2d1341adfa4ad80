"""Methodological materials: anyone lists and reads them; regional administrators add,
change and delete them.

A material is a public link or a file the portal keeps (files.py), never both. A file is
checked before anything is written, written under a name the server makes, and written only
once the rest is valid; a save that does not commit takes its new file with it, and a file
replaced or deleted goes once the change has committed.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import case
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.records import by_id
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.materials import files
from ckanext.chervonohrad.materials.logic import schema
from ckanext.chervonohrad.materials.logic import validators as _validators  # noqa: F401  registers them
from ckanext.chervonohrad.materials.model import TOPICS, Material

FIELDS = ("title", "description", "url", "audience", "topic", "source", "position")


def download_path(material_id: str) -> str:
    return f"/materials/{material_id}/file"


def dictize(material: Material) -> dict[str, Any]:
    """The material with `href`: its link, or the portal's download address of its file."""
    data = material.as_dict()
    site = (tk.config.get("ckan.site_url") or "").rstrip("/")
    data["kind"] = "link" if material.url else "file"
    data["href"] = material.url or site + download_path(material.id)
    return data


def _get(id_: str, lock: bool = False) -> Material:
    return by_id(Material, id_, tk._("Material not found"), lock)


def _upload(data_dict: dict[str, Any]) -> tuple[str, str, bytes] | None:
    """The checked file sent as `upload`, or None when none was sent."""
    value = data_dict.get("upload")
    if value is None or value == "" or (isinstance(value, FileStorage) and not value.filename):
        return None
    if not files.is_upload(value):
        raise tk.ValidationError({"upload": [tk._("Send the file itself, as multipart form data")]})
    return files.read(value)


def _link_or_file(url: str | None, upload: Any, kept_file: str | None = None) -> None:
    if url and upload:
        raise tk.ValidationError({"upload": [tk._("Give either a link or a file, not both")]})
    if not url and not upload and not kept_file:
        raise tk.ValidationError({"url": [tk._("Give a link or upload a file")]})


def _commit(new_file: str | None) -> None:
    """Commit; a file written for this change goes with it when the change does not commit."""
    try:
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        files.remove(new_file)
        raise


def _user_id(context: dict[str, Any]) -> str | None:
    user = model.User.get(context.get("user") or "") if context.get("user") else None
    return user.id if user else None


@action
@tk.side_effect_free
@tk.validate(schema.material_list)
def chervonohrad_materials_list(context, data_dict):
    """The materials, by topic (in the order of the topic list), then position, then title.

    :param topic: optional, a topic code (publishing_835, passport, formats, licences, quality,
        restricted, engagement, using)
    :param audience: optional, an audience code (responsible_persons, publisher_heads,
        council_officers, data_users, everyone)
    :returns: ``{"count": n, "results": [material, …]}``
    """
    tk.check_access("chervonohrad_materials_list", context, data_dict)
    query = model.Session.query(Material)
    for field in ("topic", "audience"):
        if data_dict.get(field):
            query = query.filter(getattr(Material, field) == data_dict[field])
    topic_order = case({code: number for number, code in enumerate(TOPICS)}, value=Material.topic,
                       else_=len(TOPICS))
    rows = query.order_by(topic_order, Material.position, Material.title, Material.id).all()
    return {"count": len(rows), "results": [dictize(row) for row in rows]}


@action
@tk.side_effect_free
@tk.validate(schema.by_id)
def chervonohrad_materials_show(context, data_dict):
    """One material. :param id: the material's id"""
    tk.check_access("chervonohrad_materials_show", context, data_dict)
    return dictize(_get(data_dict["id"]))


@action
@tk.validate(schema.material)
def chervonohrad_materials_create(context, data_dict):
    """Add a material (regional administrators only).

    :param title: required, at most 300 characters
    :param url: a public http(s) address; or
    :param upload: a file (multipart): pdf, doc, docx, odt, rtf, xls, xlsx, ods, ppt, pptx, odp,
        csv or zip, at most ``ckanext.chervonohrad.materials_max_mb`` MB (exactly one of the two)
    :param audience: required, an audience code; :param topic: required, a topic code
    :param description: optional; :param source: optional, who published it (e.g. «Мінцифри»)
    :param position: optional, an integer ≥ 0 ordering the materials of a topic (default 0)
    """
    tk.check_access("chervonohrad_materials_create", context, data_dict)
    upload = _upload(data_dict)
    _link_or_file(data_dict.get("url"), upload)
    material = Material(creator_user_id=_user_id(context), **{k: data_dict.get(k) for k in FIELDS})
    if upload:
        ext, material.file_original_name, content = upload
        material.file_name = files.store(ext, content)
    model.Session.add(material)
    _commit(material.file_name)
    return dictize(material)


@action
@tk.validate(schema.material_update)
def chervonohrad_materials_update(context, data_dict):
    """Change a material (regional administrators only). Takes `id` and create's fields, all
    of them (what is left out is emptied). A new `upload` replaces the stored file; a `url`
    replaces it by the link; with neither, a stored file stays."""
    tk.check_access("chervonohrad_materials_update", context, data_dict)
    material = _get(data_dict["id"], lock=True)
    try:
        upload = _upload(data_dict)
        _link_or_file(data_dict.get("url"), upload, kept_file=material.file_name)
    except tk.ValidationError:
        model.Session.rollback()  # let go of the row lock
        raise
    old_file, new_file = material.file_name, None
    for key in FIELDS:
        setattr(material, key, data_dict.get(key))
    if upload:
        ext, material.file_original_name, content = upload
        new_file = material.file_name = files.store(ext, content)
    elif material.url:
        material.file_name = material.file_original_name = None
    _commit(new_file)
    if old_file and old_file != material.file_name:
        files.remove(old_file)
    return dictize(material)


@action
@tk.validate(schema.by_id)
def chervonohrad_materials_delete(context, data_dict):
    """Delete a material and its file (regional administrators only). :param id:"""
    tk.check_access("chervonohrad_materials_delete", context, data_dict)
    material = _get(data_dict["id"], lock=True)
    stored = material.file_name
    model.Session.delete(material)
    model.Session.commit()
    files.remove(stored)
    return {"id": data_dict["id"], "deleted": True}
