"""Typed getters for this extension's options (declared in config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def regional_admins() -> list[str]:
    """User names who act as regional administrators besides sysadmins."""
    return tk.aslist(tk.config.get("ckanext.chervonohrad.regional_admins"))


def council_katottg() -> str:
    """KATOTTG code of the council this portal instance is set up for."""
    return tk.config.get("ckanext.chervonohrad.council_katottg")


def worker_heartbeat_max_age() -> int:
    """Seconds after which a silent jobs worker is reported as stale."""
    return tk.config.get("ckanext.chervonohrad.worker_heartbeat_max_age")


def search_qf() -> str:
    """Solr query fields with boosts for free-text dataset search."""
    return tk.config.get("ckanext.chervonohrad.search_qf")


def quality_threshold() -> int:
    """The score at which a dataset meets the recommendations."""
    return tk.config.get("ckanext.chervonohrad.quality_threshold")
