"""The document that designated the responsible person, kept in CKAN's storage but
outside its public /uploads: only the applicant and administrators may download it.

An upload is checked (`read`) with the rest of the application and written (`store`)
only once the application is valid, so a refused form leaves no file behind. Where a
document lies is known only to the server: the stored reference is set by the action,
never taken from a form or an API call.
"""
from __future__ import annotations

import os
import shutil
import uuid

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

import ckan.plugins.toolkit as tk

ALLOWED = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".odt"}
MAX_BYTES = 10 * 1024 * 1024
# A whole application request: the document and the form's text fields, with room to spare.
MAX_REQUEST_BYTES = MAX_BYTES + 512 * 1024


def _root() -> str:
    return os.path.join(tk.config.get("ckan.storage_path"), "chervonohrad", "application-documents")


def is_upload(value) -> bool:
    return isinstance(value, FileStorage) and bool(value.filename)


def read(upload: FileStorage) -> tuple[str, bytes]:
    """The upload's safe file name and content, or a ValidationError; writes nothing."""
    name = secure_filename(upload.filename or "") or "document"
    if os.path.splitext(name)[1].lower() not in ALLOWED:
        raise tk.ValidationError({"document_url": [tk._("The document must be a PDF, an image or a text document")]})
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise tk.ValidationError({"document_url": [tk._("The document must be at most 10 MB")]})
    return name, data


def store(name: str, data: bytes) -> str:
    """Write a checked document; returns its path relative to the documents folder."""
    relative = os.path.join(uuid.uuid4().hex, name)
    os.makedirs(os.path.join(_root(), os.path.dirname(relative)), exist_ok=True)
    with open(os.path.join(_root(), relative), "wb") as f:
        f.write(data)
    return relative


def remove(relative: str | None) -> None:
    """Delete a stored document and its folder; a missing one is not an error."""
    if not relative:
        return
    try:
        full = path(relative)
    except tk.ObjectNotFound:
        return
    folder = os.path.dirname(full)
    if os.path.dirname(folder) == os.path.realpath(_root()):  # the upload's own uuid folder
        shutil.rmtree(folder, ignore_errors=True)
    elif os.path.isfile(full):
        os.remove(full)


def path(relative: str) -> str:
    full = os.path.realpath(os.path.join(_root(), relative))
    if not full.startswith(os.path.realpath(_root()) + os.sep):
        raise tk.ObjectNotFound()
    return full
