"""The nightly full rescore: every dataset scored again as of today (dates move on even
when datasets do not).

Fast at scale because nothing is fetched per dataset: the dataset dicts come from the
search index (each Solr document keeps the validated `package_show` dict it was built from,
and the dict it was indexed from), link checks and current scores are read per page, and
scores are committed per page. Datasets the index lacks are read with package_show. Only
datasets whose score or band changed are re-indexed, from the index's own copy (through
fast_index, which falls back to CKAN's plain rebuild when CKAN's internals have changed).

Two ways to run it: `rescore()` scores in one process and queues the re-indexing as
background jobs; `enqueue_slices()` queues the whole work (score, store, re-index) as one
background job per slice of dataset ids, so several `ckan jobs worker` processes share it.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from rq.exceptions import NoSuchJobError

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from ckan.lib.search.common import make_connection
from ckan.lib.search.query import solr_literal

from ckanext.chervonohrad.common import jobs
from ckanext.chervonohrad.quality import fast_index, scoring
from ckanext.chervonohrad.quality.model import DatasetScore, LinkCheck
from ckanext.chervonohrad.structure import checks as structure_checks

REINDEX_CHUNK = 200
# RQ keeps a job's result 500 s by default; a full rescore lasts longer, and its counts are
# read only at the end.
RESULT_TTL = 24 * 3600
SLICE = 1000  # datasets per job: one Solr request and one commit each, a few seconds of work


def _context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def _scored_datasets():
    """The ids of the datasets a rescore covers: active and draft datasets (a query)."""
    return model.Session.query(model.Package.id).filter(
        model.Package.type == "dataset", model.Package.state.in_(["active", "draft"]))


def dataset_ids() -> set[str]:
    return {row[0] for row in _scored_datasets()}


def _indexed(page_size: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of validated dataset dicts, as the search index holds them."""
    start = 0
    while True:
        found = tk.get_action("package_search")(_context(), {
            "q": "*:*", "fq": "+dataset_type:dataset", "fl": "id,validated_data_dict", "sort": "id asc",
            "rows": page_size, "start": start, "include_private": True, "include_drafts": True})
        page = [json.loads(doc["validated_data_dict"]) for doc in found["results"] if doc.get("validated_data_dict")]
        if not found["results"]:
            return
        yield page
        start += page_size


def _documents(package_ids: list[str], fields: str) -> dict[str, dict[str, Any]]:
    """The index's documents of these datasets by id, in one request. Straight to Solr: a
    terms filter takes any number of ids (a boolean query stops at 1,024 clauses), and
    package_search would add permission filters and result hooks a job does not need."""
    if not package_ids:
        return {}
    found = make_connection().search("*:*", fl=fields, rows=len(package_ids), fq=[
        "+site_id:" + solr_literal(tk.config.get("ckan.site_id")), "{!terms f=id}" + ",".join(package_ids)])
    return {doc["id"]: doc for doc in found.docs}


def _link_checks(package_ids: list[str] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Stored link checks by dataset and resource: of every dataset, or of those given."""
    query = model.Session.query(LinkCheck)
    if package_ids is not None:
        query = query.filter(LinkCheck.package_id.in_(package_ids))
    by_package: dict[str, dict[str, dict[str, Any]]] = {}
    for row in query:
        by_package.setdefault(row.package_id, {})[row.resource_id] = scoring.link_dict(row)
    return by_package


def _score_page(pkgs: list[dict[str, Any]], today: dt.date, links: dict[str, dict[str, Any]]) -> list[str]:
    """Score and store a page of datasets (the caller commits); returns the ids whose score
    or band changed."""
    # One query loads the page's rows into the session, so store() finds each without one.
    rows = model.Session.query(DatasetScore).filter(DatasetScore.package_id.in_([p["id"] for p in pkgs])).all()
    before = {row.package_id: (row.score, row.band) for row in rows}
    reports = structure_checks.reports_by_package([p["id"] for p in pkgs])
    changed = []
    for pkg in pkgs:
        row = scoring.store(pkg, today, links=links.get(pkg["id"], {}), reports=reports.get(pkg["id"], {}))
        if before.get(pkg["id"]) != (row.score, row.band):
            changed.append(pkg["id"])
    return changed


def index_dicts(pkgs: list[dict[str, Any]], validated: dict[int, str] | None = None) -> None:
    """Index datasets given as `package_show` dicts through CKAN's indexer (so every plugin's
    hook adds its fields), with fewer round trips than it makes alone; no commit. See
    fast_index, the one place that reaches into CKAN's indexer for that."""
    fast_index.index_dicts(pkgs, validated)


def _reindex_from(documents: dict[str, dict[str, Any]], package_ids: list[str]) -> None:
    """Re-index datasets from the dicts their documents were built from, one Solr commit in
    all. A rescore changes only what the indexing hooks compute (score and band), so reading
    each dataset back with package_show, the slow part of search.rebuild, buys nothing, nor
    validating each dict again. Datasets without such a copy are rebuilt from the database."""
    if not package_ids:
        return
    sources = [documents.get(package_id, {}).get("data_dict") for package_id in package_ids]
    pkgs = [json.loads(source) for source in sources if source]
    # Each document's dict carries the validated form the indexer derived from it.
    validated = {id(pkg): stored for pkg in pkgs if (stored := pkg.pop("validated_data_dict", None))}
    # The scores were stored a moment ago: the index hook takes them instead of scoring each
    # dataset a second time (a link-check query and the engine per dataset).
    rows = model.Session.query(DatasetScore.package_id, DatasetScore.score, DatasetScore.band)
    stored = {row.package_id: (row.score, row.band) for row in rows.filter(DatasetScore.package_id.in_(package_ids))}
    with scoring.known_scores(stored):
        index_dicts(pkgs, validated)
        rebuild = [package_id for package_id, source in zip(package_ids, sources, strict=True) if not source]
        if rebuild:
            search.rebuild(package_ids=rebuild, defer_commit=True, quiet=True)
    search.commit()


def reindex(package_ids: list[str]) -> int:
    """Background job: bring the index's score and band in line with the stored ones."""
    _reindex_from(_documents(package_ids, "id,data_dict"), package_ids)
    return len(package_ids)


def rescore(today: dt.date | None = None, page_size: int = 500, on_progress: Callable[[int], None] = lambda n: None,
            queue_reindex: bool = True) -> dict[str, int]:
    """Score every active and draft dataset; returns how many were scored and changed."""
    today = today or dt.date.today()
    wanted = dataset_ids()
    links = _link_checks()
    changed: list[str] = []
    seen: set[str] = set()
    for page in _indexed(page_size):
        fresh = [pkg for pkg in page if pkg.get("id") in wanted and pkg["id"] not in seen]
        changed += _score_page(fresh, today, links)
        seen.update(pkg["id"] for pkg in fresh)
        model.Session.commit()
        on_progress(len(fresh))
    unindexed = wanted - seen
    for package_id in unindexed:  # not in the index (yet): the database is the truth
        changed += _score_page([tk.get_action("package_show")(_context(), {"id": package_id})], today, links)
        model.Session.commit()
        on_progress(1)
    seen |= unindexed
    if queue_reindex:
        for start in range(0, len(changed), REINDEX_CHUNK):
            chunk = changed[start:start + REINDEX_CHUNK]
            tk.enqueue_job(reindex, [chunk], title=f"chervonohrad reindex {len(chunk)} rescored datasets",
                           queue=jobs.LONG)
    return {"scored": len(seen), "changed": len(changed), "unindexed": len(unindexed)}


# --- in parallel: one background job per slice ------------------------------------------

def rescore_slice(package_ids: list[str], today: str | None = None) -> dict[str, int]:
    """Background job: score a slice of datasets as of `today` (ISO date, default the day
    the job runs), store the scores, re-index the changed ones; returns the counts."""
    day = dt.date.fromisoformat(today) if today else dt.date.today()
    wanted = dataset_ids_among(package_ids)  # some may have gone since the slice was queued
    documents = _documents(sorted(wanted), "id,validated_data_dict,data_dict")
    pkgs, unindexed = [], 0
    for package_id in sorted(wanted):
        validated = documents.get(package_id, {}).get("validated_data_dict")
        if not validated:
            unindexed += 1
        pkgs.append(json.loads(validated) if validated else
                    tk.get_action("package_show")(_context(), {"id": package_id}))
    changed = _score_page(pkgs, day, _link_checks(sorted(wanted)))
    model.Session.commit()
    _reindex_from(documents, changed)
    return {"scored": len(pkgs), "changed": len(changed), "unindexed": unindexed}


def dataset_ids_among(package_ids: list[str]) -> set[str]:
    return {row[0] for row in _scored_datasets().filter(model.Package.id.in_(package_ids))}


def enqueue_slices(today: dt.date | None = None, slice_size: int = SLICE) -> list[Any]:
    """Queue the full rescore as one job per `slice_size` datasets; returns the RQ jobs.
    Without `today` each job scores as of the day it runs."""
    # Publisher by publisher: a slice then touches a few publishers, whose stored figures
    # (performance.summary) its commit recomputes, instead of most of the oblast's.
    ids = [row[0] for row in _scored_datasets().order_by(model.Package.owner_org, model.Package.id)]
    return [tk.enqueue_job(rescore_slice, [ids[start:start + slice_size], today.isoformat() if today else None],
                           title=f"chervonohrad rescore datasets {start + 1}–{min(len(ids), start + slice_size)}",
                           queue=jobs.LONG, rq_kwargs={"result_ttl": RESULT_TTL})
            for start in range(0, len(ids), slice_size)]


def wait(jobs: list[Any], on_progress: Callable[[int], None] = lambda n: None, poll: float = 0.5) -> dict[str, int]:
    """Wait until every slice job has finished or failed; returns the summed counts, how many
    jobs failed and how many were lost (their results expired before they were read)."""
    totals = {"scored": 0, "changed": 0, "unindexed": 0, "failed": 0, "lost": 0}
    pending = list(jobs)
    while pending:
        still = []
        for job in pending:
            try:
                status = job.get_status(refresh=True)
            except NoSuchJobError:  # its result expired: it finished long ago, counts unknown
                status = None
            if status is None:
                totals["lost"] += 1
                on_progress(1)
            elif status == "finished":
                for key, value in (job.return_value() or {}).items():
                    totals[key] += value
                on_progress(1)
            elif status in ("failed", "stopped", "canceled"):
                totals["failed"] += 1
                on_progress(1)
            else:
                still.append(job)
        pending = still
        if pending:
            time.sleep(poll)
    return totals
