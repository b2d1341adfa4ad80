"""Validators of the use case schema (schemas/showcase.yaml)."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.common.validation import fail
from ckanext.chervonohrad.showcase import access, links, status

MAX_DATASETS = 50


def _stored(context: dict[str, Any]) -> model.Package | None:
    package = context.get("package")
    return package if isinstance(package, model.Package) and package.type == status.TYPE else None


def _published(token: str) -> model.Package | None:
    package = model.Package.get(token)
    if package is None or package.type != "dataset" or package.state != model.State.ACTIVE or package.private:
        return None
    return package


@validator
def chervonohrad_showcase_datasets(key, data, errors, context):
    """The datasets a use case uses: published datasets of this portal, stored as a JSON list
    of ids. One named that is not published (or does not exist — the message does not tell
    which) is refused; one the stored record already names stays, even if it has since been
    made private or deleted, so an old use case can still be edited."""
    value = data.get(key)
    names = links.tokens(value if value is not tk.missing else "")
    if not names:
        fail(key, errors, tk._("«Datasets used»: name at least one dataset of the portal"))
    if len(names) > MAX_DATASETS:
        fail(key, errors, tk._("«Datasets used»: at most {limit} datasets").format(limit=MAX_DATASETS))
    stored = _stored(context)
    kept = set(access.facts(stored)["datasets"]) if stored is not None else set()
    ids = []
    for name in names:
        package = _published(name)
        if package is not None:
            ids.append(package.id)
        elif name in kept:
            ids.append(name)
        else:
            fail(key, errors, tk._("«Datasets used»: «{value}» is not a published dataset of the portal").format(
                value=name[:80]))
    data[key] = json.dumps(list(dict.fromkeys(ids)))


@validator
def chervonohrad_showcase_datasets_output(value: Any) -> list[str]:
    return access.dataset_ids(value)


@validator
def chervonohrad_showcase_status(key, data, errors, context):
    """Nobody sets the status by saving: a new use case is a proposal, a saved one keeps its
    status; only the decision action (context `chervonohrad_showcase_decision`) changes it."""
    decided = context.get("chervonohrad_showcase_decision")
    if decided in status.STATUSES:
        data[key] = decided
        return
    stored = _stored(context)
    data[key] = access.facts(stored)["status"] if stored is not None else status.PROPOSED


@validator
def chervonohrad_showcase_unowned(key, data, errors, context):
    """A use case belongs to no publisher, whatever is sent (so it never counts as one's
    dataset, and nobody writes one into a publisher)."""
    data.pop(key, None)
    raise tk.StopOnError


@validator
def chervonohrad_showcase_public(key, data, errors, context):
    """Never private: who sees a use case is decided by its status (access.may_see)."""
    data[key] = False
