"""The demo's methodological materials: the starter set (materials.seed), and the file
materials of materials.yaml, each made once (matched by title)."""
from __future__ import annotations

import io
import os
from typing import Any

import yaml
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model

HERE = os.path.dirname(__file__)


def read() -> dict[str, Any]:
    with open(os.path.join(HERE, "materials.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def load(now=None) -> int:
    """Seed the starter set and add the demo's file materials that are missing; returns how
    many materials were made. `now` is the demo's clock (unused: materials carry no dates)."""
    from ckanext.chervonohrad.materials.model import Material
    from ckanext.chervonohrad.materials.seed import seed

    made = seed()
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    for entry in read()["files"]:
        if model.Session.query(Material).filter(Material.title == entry["title"]).first() is not None:
            continue
        upload = FileStorage(stream=io.BytesIO(entry["content"].encode("utf-8")), filename=entry["file_name"])
        data = {k: entry[k] for k in ("title", "topic", "audience", "source", "position", "description") if k in entry}
        tk.get_action("chervonohrad_materials_create")({"user": site_user, "ignore_auth": True},
                                                       dict(data, upload=upload))
        made += 1
    return made
