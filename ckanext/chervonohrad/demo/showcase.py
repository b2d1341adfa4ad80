"""The demo's use cases (showcase.yaml): approved ones made by the demo's administrator, and
one proposal of a citizen waiting for approval."""
from __future__ import annotations

import os
from typing import Any

import yaml

import ckan.plugins.toolkit as tk
from ckan import model

HERE = os.path.dirname(__file__)
FIELDS = ("name", "title", "showcase_kind", "author", "url", "hromada", "notes", "showcase_datasets")


def read() -> dict[str, Any]:
    with open(os.path.join(HERE, "showcase.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def load(now=None) -> int:
    """Create the demo's use cases that are missing; returns how many were made."""
    from ckanext.chervonohrad.demo.loader import SYSADMIN, ensure_user

    demo = read()
    proposer = ensure_user(demo["proposer"])["name"]
    made = 0
    for entry in demo["showcases"]:
        if model.Package.get(entry["name"]) is not None:
            continue
        author = proposer if entry.get("proposed_by") else SYSADMIN["name"]
        data = dict({k: entry[k] for k in FIELDS if k in entry}, type="showcase")
        tk.get_action("package_create")({"user": author}, data)
        if entry.get("decision"):
            tk.get_action("chervonohrad_showcase_decide")({"user": SYSADMIN["name"]},
                                                          {"id": entry["name"], "decision": entry["decision"]})
        made += 1
    return made


def purge() -> None:
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    for entry in read()["showcases"]:
        if model.Package.get(entry["name"]) is not None:
            tk.get_action("dataset_purge")({"user": site, "ignore_auth": True}, {"id": entry["name"]})
