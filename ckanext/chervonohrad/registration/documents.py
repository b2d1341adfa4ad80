"""The document that designated the responsible person, kept in CKAN's storage but
outside its public /uploads: only the applicant and administrators may download it."""
from __future__ import annotations

import os
import uuid

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

import ckan.plugins.toolkit as tk

ALLOWED = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".odt"}
MAX_BYTES = 10 * 1024 * 1024


def _root() -> str:
    return os.path.join(tk.config.get("ckan.storage_path"), "chervonohrad", "application-documents")


def save(upload: FileStorage) -> str:
    """Store the file; returns its path relative to the documents folder."""
    name = secure_filename(upload.filename or "") or "document"
    if os.path.splitext(name)[1].lower() not in ALLOWED:
        raise tk.ValidationError({"document_url": [tk._("The document must be a PDF, an image or a text document")]})
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise tk.ValidationError({"document_url": [tk._("The document must be at most 10 MB")]})
    relative = os.path.join(uuid.uuid4().hex, name)
    os.makedirs(os.path.join(_root(), os.path.dirname(relative)), exist_ok=True)
    with open(os.path.join(_root(), relative), "wb") as f:
        f.write(data)
    return relative


def path(relative: str) -> str:
    full = os.path.realpath(os.path.join(_root(), relative))
    if not full.startswith(os.path.realpath(_root()) + os.sep):
        raise tk.ObjectNotFound()
    return full
