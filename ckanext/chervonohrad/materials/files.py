"""The files of materials, kept in CKAN's storage under chervonohrad/materials/.

An upload is checked (`read`: extension from the whitelist, size) before anything is
written, and written (`store`) under a name the server makes (<uuid>.<ext>); the uploader's
name is kept only as the name a download is offered under. A download's MIME type comes
from the whitelist, never from the uploader's browser nor from the content.
"""
from __future__ import annotations

import contextlib
import os
import re
import uuid

from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad import config

# The extensions a material may have, and the type each is served as.
ALLOWED = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "csv": "text/csv",
    "zip": "application/zip",
}

_STORED_NAME = re.compile(r"[0-9a-f]{32}\.[a-z]{3,4}")
_NOT_IN_A_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\]")
ORIGINAL_NAME_MAX = 200


def max_mb() -> int:
    """The largest file a material may have, in MB (at least one)."""
    return max(config.materials_max_mb(), 1)


def max_bytes() -> int:
    return max_mb() * 1024 * 1024


def _root() -> str:
    storage = tk.config.get("ckan.storage_path")
    if not storage:
        raise tk.ValidationError({"upload": [tk._("The portal keeps no files: ckan.storage_path is not set")]})
    return os.path.join(storage, "chervonohrad", "materials")


def is_upload(value) -> bool:
    return isinstance(value, FileStorage) and bool(value.filename)


def extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def original_name(name: str) -> str:
    """The uploader's file name as a download offers it: its last path part, without control
    characters, at most 200 characters (the extension kept). Pure."""
    last = re.split(r"[/\\]", name or "")[-1]
    cleaned = _NOT_IN_A_NAME.sub("", last).strip() or "material"
    if len(cleaned) > ORIGINAL_NAME_MAX:
        stem, ext = os.path.splitext(cleaned)
        cleaned = stem[:ORIGINAL_NAME_MAX - len(ext)] + ext
    return cleaned


def read(upload: FileStorage) -> tuple[str, str, bytes]:
    """(extension, original name, content) of a checked upload, or a ValidationError on
    `upload`; writes nothing."""
    name = original_name(upload.filename or "")
    ext = extension(name)
    if ext not in ALLOWED:
        raise tk.ValidationError({"upload": [tk._("The file must be one of: {formats}; «{name}» is not").format(
            formats=", ".join(ALLOWED), name=name)]})
    limit = max_bytes()
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise tk.ValidationError({"upload": [tk._("The file must be at most {mb} MB").format(mb=max_mb())]})
    if not data:
        raise tk.ValidationError({"upload": [tk._("The file is empty")]})
    return ext, name, data


def store(ext: str, data: bytes) -> str:
    """Write checked content under a new name; returns that name (<uuid>.<ext>)."""
    stored = f"{uuid.uuid4().hex}.{ext}"
    os.makedirs(_root(), exist_ok=True)
    with open(os.path.join(_root(), stored), "xb") as f:
        f.write(data)
    return stored


def path(stored: str) -> str:
    """The full path of a stored file; ObjectNotFound for a name the server would not make."""
    if not isinstance(stored, str) or not _STORED_NAME.fullmatch(stored) or extension(stored) not in ALLOWED:
        raise tk.ObjectNotFound()
    return os.path.join(_root(), stored)


def remove(stored: str | None) -> None:
    """Delete a stored file; a missing one is not an error."""
    if not stored:
        return
    with contextlib.suppress(tk.ObjectNotFound, FileNotFoundError):
        os.remove(path(stored))


def mimetype(stored: str) -> str:
    return ALLOWED[extension(stored)]
