"""The starter set (data/materials.yaml): public materials of the Cabinet of Ministers and
data.gov.ua, loaded through the create action.

Seeding adds each entry whose link is not in the table yet, and nothing else: it is safe to
run again. An entry a regional administrator deleted comes back with the next seed (its link
is gone from the table); one whose link they changed comes back too, beside the edited one.
"""
from __future__ import annotations

import os
from typing import Any

import yaml

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.materials.model import Material

STARTER_SET = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "materials.yaml")
FIELDS = ("title", "url", "source", "topic", "audience", "position", "description")


def read(path: str = STARTER_SET) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)["materials"]


def seed(path: str = STARTER_SET) -> int:
    """Add the entries whose link no material has; returns how many were added."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    known = {url for (url,) in model.Session.query(Material.url).filter(Material.url.isnot(None))}
    added = 0
    for entry in read(path):
        if entry["url"] in known:
            continue
        tk.get_action("chervonohrad_materials_create")(
            {"user": site_user, "ignore_auth": True}, {k: entry[k] for k in FIELDS if k in entry})
        known.add(entry["url"])
        added += 1
    return added
