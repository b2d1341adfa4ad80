"""Deleting application documents from CKAN's storage (the registration room keeps them
outside the public /uploads, one folder per upload)."""
from __future__ import annotations

import datetime as dt
import logging
import os

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.registration import documents

log = logging.getLogger(__name__)


def delete(relative: str | None, dry_run: bool = False) -> bool:
    """Delete one stored document (and its folder, once empty). True when a file was there.
    A reference that points outside the documents folder is never followed."""
    if not relative:
        return False
    try:
        full = documents.path(relative)
    except tk.ObjectNotFound:
        log.warning("privacy: refusing a document reference outside the documents folder")
        return False
    if not os.path.isfile(full):
        return False
    if not dry_run:
        os.remove(full)
        folder = os.path.dirname(full)
        if folder != os.path.realpath(_root()) and not os.listdir(folder):
            os.rmdir(folder)
    return True


def _root() -> str:
    # The registration room's own folder; read through its module so both agree.
    return documents._root()


def orphans(referenced: set[str], older_than: dt.datetime) -> list[str]:
    """Stored documents no application names, last written before `older_than` (UTC): uploads
    of forms that were never submitted. Newer ones may belong to a submit in progress."""
    root = os.path.realpath(_root())
    if not os.path.isdir(root):
        return []
    limit = older_than.replace(tzinfo=dt.UTC).timestamp() if older_than.tzinfo is None else older_than.timestamp()
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, root)
            if relative not in referenced and os.path.getmtime(full) < limit:
                found.append(relative)
    return sorted(found)
