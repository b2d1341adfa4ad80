"""Content as a portal holds it from before this extension: written straight to CKAN's
tables, the way stock CKAN stores a dataset (passport fields, where present, as plain
extras with whatever values the old forms allowed), then indexed. No validator of this
extension sees it on the way in, just as none saw the years of content of a live portal.

The stock-portal tests (tests/legacy/) make such content with CKAN alone, through its API
with this extension's plugins off; these factories are the quick way for unit tests.
"""
from __future__ import annotations

import uuid
from typing import Any

import ckan.plugins as plugins
from ckan import model
from ckan.lib.search import rebuild

from ckanext.chervonohrad.common import extras as extras_of

# CKAN 2.11 validates (and so normalises) every resource of a dataset at any save; 2.12 only
# the resources a save changes (IDatasetForm.resource_validation_dependencies is its hook).
SAVES_VALIDATE_EVERY_RESOURCE = not hasattr(plugins.IDatasetForm, "resource_validation_dependencies")

CORE_FIELDS = ("title", "notes", "license_id", "maintainer", "maintainer_email", "author", "url", "version")


def organization(name: str | None = None, *, admin: str | None = None, **extras: str) -> dict[str, Any]:
    """A stock organization: no EDRPOU, hromada or publisher type unless given as `extras`.
    `admin`: a user name made its admin."""
    name = name or f"legacy-org-{uuid.uuid4().hex[:8]}"
    group = model.Group(name=name, title=name.replace("-", " ").title(), type="organization",
                        is_organization=True)
    group.state, group.approval_status = "active", "approved"
    model.Session.add(group)
    model.Session.flush()
    for key, value in extras.items():
        extras_of.set_value(group, key, value)
    if admin:
        user = model.User.get(admin)
        model.Session.add(model.Member(group=group, table_id=user.id, table_name="user", capacity="admin",
                                       state="active"))
    model.Session.commit()
    return {"id": group.id, "name": group.name}


def dataset(
    owner_org: str,
    *,
    name: str | None = None,
    state: str = "active",
    private: bool = False,
    tags: tuple[str, ...] = (),
    resources: tuple[dict[str, Any], ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """A stock dataset of `owner_org`: CORE_FIELDS go to the package row, every other
    field to an extra, each resource's non-core keys to its extras."""
    name = name or f"legacy-{uuid.uuid4().hex[:10]}"
    package = model.Package(name=name, type="dataset", owner_org=owner_org, state=state, private=private,
                            **{k: v for k, v in fields.items() if k in CORE_FIELDS})
    package.title = package.title or name
    model.Session.add(package)
    model.Session.flush()
    for key, value in fields.items():
        if key not in CORE_FIELDS:
            extras_of.set_value(package, key, value)
    for tag_name in tags:
        tag = model.Tag.by_name(tag_name) or model.Tag(name=tag_name)
        model.Session.add(model.PackageTag(package=package, tag=tag, state="active"))
    for position, spec in enumerate(resources):
        core = {k: spec[k] for k in ("url", "name", "format", "description", "url_type") if k in spec}
        extras = {k: v for k, v in spec.items() if k not in core}
        resource = model.Resource(package_id=package.id, extras=extras, **core)
        resource.position, resource.state = position, "active"
        model.Session.add(resource)
    model.Session.commit()
    rebuild(package.id)
    return {"id": package.id, "name": package.name}


def stored_extras(package_id: str) -> dict[str, str]:
    """The package's extras as stored (what a save kept, mapped or refused)."""
    model.Session.expire_all()
    return dict(model.Package.get(package_id).extras)
