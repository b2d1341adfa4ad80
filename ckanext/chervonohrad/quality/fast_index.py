"""Bulk indexing for the rescore jobs: CKAN's own indexer, made fast by swapping three of its
internals for the duration of one call. This module is the only place that touches them:

- `ckan.lib.search.index.make_connection`: the indexer sends each document in a request of
  its own (a third of a re-index's time); the swap collects them and sends them in batches;
- `ckan.lib.plugins.plugin_validate`: the indexer validates each dict again (a fifth); the
  swap returns the validated form the index holds already;
- ckanext-harvest's `before_dataset_index`: a query per dataset for its harvest object (a
  quarter); the swap runs it only for the datasets that have one (one query for all).

Internals change without notice, so each use first checks that CKAN's version is one this
was written against and that what it swaps is still there with the shape it expects. If
not, it indexes the plain way (`ckan.lib.search.rebuild`: each dataset read with
package_show and indexed by CKAN, nothing swapped) and says so once in the log: the
documents are the same, only slower.

The swaps are process-wide while they last (module attributes, a plugin's attribute), so
they are made only inside `index_dicts`, which the rescore jobs call (a jobs worker or the
CLI runs one job at a time), and `collected_documents` (the test suite's restore points keep
the documents it collects), and undone when they return or fail.
"""
from __future__ import annotations

import contextlib
import inspect
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import text

import ckan
import ckan.plugins as plugins
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search
from ckan.lib.search import index as search_index
from ckan.lib.search.common import make_connection

from ckanext.chervonohrad.common import extras

log = logging.getLogger(__name__)

# CKAN versions (major, minor) whose indexer this was written against. 2.11's validates each
# dataset itself (through lib.plugins.plugin_validate); 2.12's is handed the validated form with
# the dict (`with_custom_schema`, from the logic layer). The shape checks below catch any other change.
KNOWN_VERSIONS = ((2, 11), (2, 12))
SOLR_BATCH = 250  # documents per Solr update request (a few MB)

_warned = False  # the fallback is announced once per process


# --- may the internals be swapped here? ----------------------------------------------------

def _parameters(function: Any) -> list[str] | None:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return None


def _names_used(function: Any) -> set[str]:
    """The global and attribute names a function's code refers to (empty when it has none)."""
    code = getattr(function, "__code__", None)
    return set(code.co_names) if code else set()


def _version() -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in ckan.__version__.split(".")[:2])
    except (AttributeError, ValueError):
        return None


def _harvest_problems() -> list[str]:
    plugin = plugins.get_plugin("harvest")
    if plugin is None:
        return []  # nothing to swap: the harvest swap is skipped
    method = vars(type(plugin)).get("before_dataset_index")
    if not inspect.isfunction(method) or _parameters(method) != ["self", "pkg_dict"]:
        return ["ckanext-harvest's plugin has no before_dataset_index(self, pkg_dict) of its own"]
    if "before_dataset_index" in vars(plugin):
        return ["ckanext-harvest's before_dataset_index is swapped already"]
    try:
        from ckanext.harvest.model import HarvestObject
    except ImportError:
        return ["ckanext.harvest.model.HarvestObject is gone"]
    columns = getattr(getattr(HarvestObject, "__table__", None), "c", {})
    if getattr(HarvestObject, "__tablename__", None) != "harvest_object" or not {"package_id", "current"} <= set(
            getattr(columns, "keys", lambda: [])()):
        return ["ckanext-harvest's harvest_object table has no package_id and current columns"]
    return []


def _handed_validated_form(index_package: Any) -> bool:
    """Whether the indexer takes each dataset's validated form with it (`with_custom_schema`)."""
    code = getattr(index_package, "__code__", None)
    return code is not None and "with_custom_schema" in code.co_consts


def problems() -> list[str]:
    """Why the internals cannot be swapped in this process (empty: they can)."""
    version = _version()
    if version not in KNOWN_VERSIONS:
        return [f"CKAN {getattr(ckan, '__version__', '?')} is not one of the versions known "
                f"({', '.join('.'.join(map(str, v)) for v in KNOWN_VERSIONS)})"]
    found = []
    index_package = getattr(getattr(search_index, "PackageSearchIndex", None), "index_package", None)
    if _parameters(index_package) != ["self", "pkg_dict", "defer_commit"]:
        found.append("PackageSearchIndex.index_package(self, pkg_dict, defer_commit) is gone")
    used = _names_used(index_package)
    # The swaps act only if the indexer looks these names up when it runs.
    if not callable(getattr(search_index, "make_connection", None)) or not {"make_connection", "add"} <= used:
        found.append("the indexer no longer sends documents through ckan.lib.search.index.make_connection().add")
    if _handed_validated_form(index_package):
        pass  # CKAN 2.12: nothing to swap for validation, the form at hand is passed in
    elif (getattr(search_index, "lib_plugins", None) is not lib_plugins
            or _parameters(getattr(lib_plugins, "plugin_validate", None)) != [
                "plugin", "context", "data_dict", "schema", "action"]
            or not {"lib_plugins", "plugin_validate"} <= used):
        found.append("the indexer no longer validates through "
                     "ckan.lib.plugins.plugin_validate(plugin, context, data_dict, schema, action)")
    if "before_dataset_index" not in used:
        found.append("the indexer no longer calls the plugins' before_dataset_index")
    return found + _harvest_problems()


def _usable() -> bool:
    global _warned
    found = problems()
    if found and not _warned:
        _warned = True
        log.warning("Rescore: re-indexing the plain way (slower, same documents): %s", "; ".join(found))
    return not found


# --- the swaps (each undone when its block ends) ---------------------------------------------

class _Collector:
    """Stands in for the Solr connection while index_package runs: keeps the documents it
    would have sent one request each."""

    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []

    def add(self, docs: list[dict[str, Any]], commit: bool = False) -> None:
        self.docs += docs


@contextlib.contextmanager
def _swapped(owner: Any, name: str, replacement: Callable[..., Any]) -> Iterator[None]:
    original = getattr(owner, name)
    setattr(owner, name, replacement)
    try:
        yield
    finally:
        setattr(owner, name, original)


@contextlib.contextmanager
def collected_documents() -> Iterator[list[dict[str, Any]]]:
    """Inside this block CKAN's indexer sends nothing to Solr: the documents it makes of the
    datasets it indexes are kept in the list this yields, for the caller to send or keep.
    (A dataset it would delete from the index is not one it can take: the block is for indexing.)"""
    collector = _Collector()
    with _swapped(search_index, "make_connection", lambda *args, **kwargs: collector):
        yield collector.docs


@contextlib.contextmanager
def _batched_solr_adds(batch: int = SOLR_BATCH) -> Iterator[None]:
    """Inside this block the indexer's documents are collected, and sent `batch` at a time
    when it ends (not when it fails: nothing half-built is sent)."""
    with collected_documents() as docs:
        yield
    connection = make_connection()
    for start in range(0, len(docs), batch):
        connection.add(docs=docs[start:start + batch], commit=False)


@contextlib.contextmanager
def _validated_already(validated: dict[int, str]) -> Iterator[None]:
    """Inside this block a dict whose validated form is at hand (`validated`: id() of the
    dict → the JSON the index holds, derived from that very dict when it was indexed) is not
    validated again."""
    original = lib_plugins.plugin_validate

    def validate(plugin, context, data_dict, schema, action):
        known = validated.get(id(data_dict)) if action == "package_show" else None
        return (json.loads(known), {}) if known else original(plugin, context, data_dict, schema, action)

    with _swapped(lib_plugins, "plugin_validate", validate):
        yield


@contextlib.contextmanager
def _harvest_lookups_only_for(harvested: set[str]) -> Iterator[None]:
    """ckanext-harvest's index hook looks up each dataset's harvest object and, when there
    is none, leaves the document as it was. Inside this block it runs only for the datasets
    in `harvested`; for the rest that is the outcome it would reach."""
    plugin = plugins.get_plugin("harvest")
    if plugin is None:
        yield
        return
    original = plugin.before_dataset_index

    def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
        # (It also repairs a `status` given as a dict; none of our datasets has one.)
        if pkg_dict.get("id") in harvested or isinstance(pkg_dict.get("status"), dict):
            return original(pkg_dict)
        return pkg_dict

    plugin.before_dataset_index = before_dataset_index  # the instance's attribute hides the method
    try:
        yield
    finally:
        del plugin.before_dataset_index


def _harvested(package_ids: list[str]) -> set[str]:
    """Of these datasets, those with a current harvest object (ckanext-harvest's table)."""
    if plugins.get_plugin("harvest") is None:
        return set()
    rows = model.Session.execute(text(
        "SELECT DISTINCT package_id FROM harvest_object WHERE current AND package_id = ANY(:ids)"),
        {"ids": package_ids})
    return {row[0] for row in rows}


HARVEST_EXTRAS = ("harvest_object_id", "harvest_source_id", "harvest_source_title")


def _drop_harvest_extras(pkgs: list[dict[str, Any]], validated: dict[int, str],
                         stored: dict[str, set[str]]) -> None:
    """A copy from the index carries the extras ckanext-harvest's hook added when it was
    indexed; CKAN's own path starts from the database, without them, and the hook adds them
    again (to the dicts only: indexed from the copy they would also become extras_harvest_*
    fields). So they go, unless the database has them too (`stored`: extra keys by id)."""
    for pkg in pkgs:
        keep = stored.get(pkg["id"], set())
        listed = pkg.get("extras")
        if isinstance(listed, list):
            pkg["extras"] = [e for e in listed if not isinstance(e, dict) or e.get("key") in keep
                             or e.get("key") not in HARVEST_EXTRAS]
        known = validated.get(id(pkg))
        if known and "harvest_object_id" in known:  # (parsed only when there is something to drop)
            form = json.loads(known)
            if isinstance(form.get("extras"), list):
                form["extras"] = [e for e in form["extras"] if not isinstance(e, dict) or e.get("key") in keep
                                  or e.get("key") not in HARVEST_EXTRAS]
            validated[id(pkg)] = json.dumps(form)


# --- indexing -------------------------------------------------------------------------------

def _fast(pkgs: list[dict[str, Any]], validated: dict[int, str]) -> None:
    # The indexer looks each dataset up by id (permission labels), our hook reads each
    # publisher's extras: two queries load them all into the session, where those look-ups
    # find them, instead of one or two queries per dataset. (The session holds its objects
    # weakly: `loaded` keeps them there until the documents are built.)
    ids = [pkg["id"] for pkg in pkgs]
    packages = model.Session.query(model.Package).options(*extras.eager(model.Package)).filter(
        model.Package.id.in_(ids)).all()
    loaded = packages + model.Session.query(model.Group).options(*extras.eager(model.Group)).filter(
        model.Group.id.in_({p.owner_org for p in packages if p.owner_org})).all()
    _drop_harvest_extras(pkgs, validated, {p.id: set(extras.of(p)) for p in packages})
    index = search.index_for(model.Package)
    handed = _handed_validated_form(search_index.PackageSearchIndex.index_package)
    validation = contextlib.nullcontext() if handed else _validated_already(validated)
    with _batched_solr_adds(), validation, _harvest_lookups_only_for(_harvested(ids)):
        for pkg in pkgs:
            index.index_package(_with_validated_form(pkg, validated) if handed else pkg, defer_commit=True)
    del loaded


def _with_validated_form(pkg: dict[str, Any], validated: dict[int, str]) -> dict[str, Any]:
    """CKAN 2.12's indexer input: the dict and its validated form, the one at hand or else
    the one CKAN's logic layer makes (reading the dataset again, as a plain re-index would)."""
    from ckan import logic

    known = validated.get(id(pkg))
    form = json.loads(known) if known else logic.package_show_default_and_custom_schemas({}, pkg["id"])[1]
    return dict(pkg, with_custom_schema=form)


def index_dicts(pkgs: list[dict[str, Any]], validated: dict[int, str] | None = None) -> bool:
    """Index datasets given as their `package_show` dicts (as the database has them) through
    CKAN's indexer, so every plugin's hook adds its fields; no commit. `validated`: id() of a
    dict → its validated form as JSON, when at hand (see _validated_already).

    Fast when the internals may be swapped; else the plain way, which reads each dataset
    again from the database. Returns whether it was the fast way."""
    if not pkgs:
        return True
    if _usable():
        _fast(pkgs, validated or {})
        return True
    search.rebuild(package_ids=[pkg["id"] for pkg in pkgs], defer_commit=True, quiet=True)
    return False
