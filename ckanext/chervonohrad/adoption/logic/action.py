"""API of the adoption room: the report of what the portal's older content lacks."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.adoption import portal
from ckanext.chervonohrad.adoption.logic import schema
from ckanext.chervonohrad.common.publishers import active_publisher
from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.hromada import access


def _hide_unreadable(context, entries: list[dict[str, Any]]) -> None:
    """Drafts and private datasets the caller may not read keep their findings but lose
    their name and title, as the audit shows them."""
    if context.get("ignore_auth"):
        return
    from ckanext.chervonohrad.reports.audit import readable

    closed = {e["id"] for e in entries if e["private"] or e["state"] != "active"}
    allowed = readable(context.get("user"), closed)
    for entry in entries:
        if entry["id"] in closed - allowed:
            entry.update(name=None, title=None, hidden=True)


@action
@tk.side_effect_free
@tk.validate(schema.report)
def chervonohrad_adoption_report(context, data_dict) -> dict[str, Any]:
    """What each publisher, or each dataset of one publisher, lacks or holds that the
    Resolution 835 passport refuses, and which of it a machine can put right
    (`ckan chervonohrad adopt --apply` does). Without `publisher`: one entry per publisher
    (its own findings and how many datasets it has), a page at a time, by title; with it:
    that publisher and one page of its datasets (active and draft, private ones too), by
    name, each with its findings. A finding: kind (missing, invalid), field, reason, stored
    value, fix (None: a person decides), resource. Regional administrators see every
    publisher, council officers their hromadas'.

    :param hromada: a KATOTTG code: only its publishers (optional; council officers: one of theirs)
    :param publisher: a publisher's id or name (optional)
    :param offset: publishers (or datasets) to skip (default 0)
    :param limit: publishers (or datasets) per page, 1 to 1000 (default 50)
    """
    tk.check_access("chervonohrad_adoption_report", context, data_dict)
    offset, limit = data_dict["offset"], data_dict["limit"]
    codes = portal.hromada_codes()
    if data_dict.get("publisher"):
        org = portal.org_dict(active_publisher(data_dict["publisher"]))
        total, pkgs = portal.dataset_page(org["id"], offset, limit)
        licences, territory = portal.open_licences(), portal.territory_for(org.get("hromada"))
        entries = [portal.dataset_entry(pkg, licences, territory) for pkg in pkgs]
        _hide_unreadable(context, entries)
        return {"publisher": portal.publisher_entry(org, total, codes), "datasets": entries, "total": total,
                "offset": offset, "limit": limit}
    hromada = data_dict.get("hromada")
    scope = {hromada} if hromada else (None if context.get("ignore_auth") else
                                       access.overseen_hromadas(context.get("user")))
    total, orgs = portal.publishers(scope, offset, limit)
    counts = portal.dataset_counts([org["id"] for org in orgs])
    return {"hromada": hromada, "publishers": [portal.publisher_entry(org, counts.get(org["id"], 0), codes)
                                               for org in orgs],
            "total": total, "offset": offset, "limit": limit}
