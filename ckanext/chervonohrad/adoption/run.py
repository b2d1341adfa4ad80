"""One run of `ckan chervonohrad adopt`: walk the portal publisher by publisher through the
report action, and with `apply` store every mechanical fix through CKAN's actions
(organization_patch, package_patch, as the site user: validation, the activity stream and
the index apply as to any edit), then score the datasets and bring the index and the
publishers' stored figures in line.

What changes is decided again from the stored record just before it is written (the index
the report reads may lag), so a second run finds nothing left to do.
"""
from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.adoption import findings as findings_
from ckanext.chervonohrad.adoption import operator, portal, sheets
from ckanext.chervonohrad.adoption.findings import Finding

PAGE = 500  # publishers, or one publisher's datasets, per call of the report action
SCORE_SLICE = 1000


@dataclasses.dataclass
class Result:
    """The publishers' rows, the counts, and the finding rows: handed to `on_row` as they
    are found (the command writes them straight to its files), else kept in `finding_rows`."""

    on_row: Callable[[dict[str, Any]], None] | None = None
    publisher_rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    finding_rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    skipped: list[operator.RowDecision] = dataclasses.field(default_factory=list)  # rows of the table left out
    counts: dict[str, int] = dataclasses.field(default_factory=lambda: dict.fromkeys((
        "publishers", "publishers_fixed", "publisher_values", "publishers_person", "rows_skipped",
        "datasets", "datasets_fixed", "values_mapped", "datasets_person", "refused", "scored", "rescored_changed",
        "unowned", "fixable"), 0))

    @property
    def changed(self) -> int:
        return self.counts["publishers_fixed"] + self.counts["datasets_fixed"]

    def add(self, row: dict[str, Any]) -> None:
        if row["status"] == "fixable":
            self.counts["fixable"] += 1
        if self.on_row is None:
            self.finding_rows.append(row)
        else:
            self.on_row(row)


def _message(error: tk.ValidationError) -> str:
    summary = error.error_dict if isinstance(error.error_dict, dict) else {"": error.error_dict}
    return "; ".join(f"{key}: {' '.join(map(str, messages)) if isinstance(messages, list) else messages}"
                     for key, messages in summary.items())


def _report(context, **data) -> dict[str, Any]:
    return tk.get_action("chervonohrad_adoption_report")(dict(context), data)


def all_publishers(context) -> list[dict[str, Any]]:
    found, offset = [], 0
    while True:
        page = _report(context, offset=offset, limit=PAGE)
        found += page["publishers"]
        offset += PAGE
        if offset >= page["total"]:
            return found


def adopt(*, rows: list[dict[str, str]] | None = None, hromada: str | None = None, apply: bool = False,
          overwrite: bool = False, on_total: Callable[[int], None] = lambda n: None,
          on_progress: Callable[[int], None] = lambda n: None,
          on_row: Callable[[dict[str, Any]], None] | None = None) -> Result:
    """Report (and with `apply`, fix) every publisher in scope and its datasets. `rows`: the
    operator's table (operator.read); `hromada`: only the publishers that are (or the table
    puts) in it; `on_row`: see Result."""
    context = portal.site_context()
    result = Result(on_row=on_row)
    codes = portal.hromada_codes()
    decisions = {}
    unmatched = []
    if rows:
        for decision in operator.check(rows, portal.find_org, portal.edrpou_holder, codes,
                                       portal.publisher_type_codes(), overwrite=overwrite):
            if decision.org is None or decision.org["id"] in decisions:  # no such publisher, or named twice
                unmatched.append(decision)
            else:
                decisions[decision.org["id"]] = decision
    publishers = []
    for entry in all_publishers(context):
        decision = decisions.get(entry["id"])
        effective = (decision.values.get("hromada") if decision else None) or entry.get("hromada")
        if hromada and hromada not in (effective, entry.get("hromada")):
            continue
        publishers.append((entry, decision))
    for decision in unmatched:  # reported, nothing else to do
        for problem in decision.problems:
            result.add(sheets.finding_row(decision.org or {"name": decision.organization}, None, problem))
        result.counts["rows_skipped"] += 1
        result.skipped.append(decision)
    on_total(sum(entry["datasets"] for entry, _decision in publishers))
    changed_orgs, patched = [], set()
    with _index_committed_once() if apply else contextlib.nullcontext():
        for entry, decision in publishers:
            org_changed, org_hromada = _publisher(context, entry, decision, apply, codes, result)
            if org_changed:
                changed_orgs.append(entry["id"])
            patched |= _datasets(context, entry, portal.territory_for(org_hromada), apply, result, on_progress)
    result.counts["publishers"] = len(publishers)
    result.counts["unowned"] = portal.unowned_count()
    if apply:
        _score_and_index([entry["id"] for entry, _d in publishers], changed_orgs, patched, result)
    return result


def _publisher(context, entry, decision, apply, codes, result) -> tuple[bool, str | None]:
    """Report (and fix) one publisher; whether it was changed, and its hromada as it is (or,
    in a report, would be) once fixed."""
    org = portal.find_org(entry["id"]) or entry
    found = findings_.publisher_findings(org, codes)
    if decision is not None:
        found = findings_.with_operator_values(found, decision.values)
        # Values the table changes that the passport did not refuse (an empty field is
        # missing, so only a replaced valid value would be left out): shown as fixes too.
        listed = {f.field for f in found}
        found += [Finding("invalid", field, "overwritten", org.get(field) or "", value)
                  for field, value in decision.values.items() if field not in listed]
        if not decision.ok:
            result.counts["rows_skipped"] += 1
            result.skipped.append(decision)
    patch = findings_.publisher_patch(org, found)
    status = {}
    if apply and patch:
        try:
            tk.get_action("organization_patch")(dict(context), dict(patch, id=org["id"]))
        except tk.ValidationError as error:
            model.Session.rollback()
            found.append(Finding("error", ",".join(sorted(patch)), "refused", detail=_message(error)))
            status = dict.fromkeys(patch, "refused")
            result.counts["refused"] += 1
            patch = {}
        else:
            status = dict.fromkeys(patch, "fixed")
            result.counts["publishers_fixed"] += 1
            result.counts["publisher_values"] += len(patch)
    problems = list(decision.problems) if decision is not None else []
    for f in found + problems:
        result.add(sheets.finding_row(org, None, f, status.get(f.field) if f.mechanical else None))
    person = sum(1 for f in found + problems if not f.mechanical)
    if person:
        result.counts["publishers_person"] += 1
    result.publisher_rows.append({
        "publisher": org["name"], "publisher_title": org["title"],
        # As it is after --apply, or would be (a refused patch was emptied above).
        **{k: patch.get(k) or org.get(k) or "" for k in ("hromada", "edrpou", "publisher_type")},
        "datasets": entry["datasets"], "datasets_fixable": 0, "datasets_person": 0,
        "mechanical": sum(1 for f in found if f.mechanical), "person": person})
    return bool(apply and patch), result.publisher_rows[-1]["hromada"] or None


def _datasets(context, entry, territory, apply, result, on_progress) -> set[str]:
    """Report (and fix) one publisher's datasets; the ids of those changed."""
    summary = result.publisher_rows[-1]
    org = {"name": entry["name"], "title": entry["title"], "hromada": summary["hromada"]}
    licences = portal.open_licences()
    patched = set()
    offset = 0
    while offset < entry["datasets"]:
        page = _report(context, publisher=entry["id"], offset=offset, limit=PAGE)
        for dataset in page["datasets"]:
            # The report reads the index; a fix is decided again from the stored record (the
            # index may lag) just before it is written. Either way the territory is that of
            # the publisher as it is once fixed.
            found = findings_.with_territory([portal.as_finding(f) for f in dataset["findings"]], territory)
            status = None
            if apply and any(f.mechanical for f in found):
                pkg = portal.fresh(dataset["id"], context)
                found = findings_.dataset_findings(pkg, licences, territory)
                status, done = _apply_dataset(context, pkg, found, result)
                if done:
                    patched.add(dataset["id"])
            result.counts["datasets"] += 1
            if any(f.mechanical for f in found):
                summary["datasets_fixable"] += 1
            if any(not f.mechanical for f in found):
                summary["datasets_person"] += 1
                result.counts["datasets_person"] += 1
            for finding in found:
                shown = status if status and finding.mechanical else None
                result.add(sheets.finding_row(org, dataset, finding, shown))
            on_progress(1)
        offset += len(page["datasets"]) or entry["datasets"]
    return patched


def _apply_dataset(context, pkg, found, result) -> tuple[str | None, bool]:
    """Store one dataset's mechanical fixes; (their status, whether it was changed)."""
    patch = findings_.dataset_patch(pkg, found)
    if not patch:
        return None, False
    try:
        tk.get_action("package_patch")(dict(context), dict(patch, id=pkg["id"]))
    except tk.ValidationError as error:
        model.Session.rollback()
        found.append(Finding("error", ",".join(sorted(patch)), "refused", detail=_message(error)))
        result.counts["refused"] += 1
        return "refused", False
    result.counts["datasets_fixed"] += 1
    result.counts["values_mapped"] += sum(1 for f in found if f.mechanical and f.kind != "error")
    return "fixed", True


@contextlib.contextmanager
def _index_committed_once():
    """Each save asks Solr for a commit of its own (a third of a save's time); inside this
    block the saves' documents are sent uncommitted and committed together when it ends (the
    scoring that follows reads them back, so it must come after)."""
    from ckan.lib import search

    key = "ckan.search.solr_commit"
    before = tk.config.get(key)
    tk.config[key] = False
    try:
        yield
    finally:
        tk.config[key] = before
        search.commit()


def _score_and_index(org_ids: list[str], changed_orgs: list[str], patched: set[str], result: Result) -> None:
    """Score every dataset in scope (the patched ones were scored as they were saved; the
    rest may never have been), re-index those whose score changed, and those of publishers
    whose identity changed (their documents carry the publisher's hromada and codes)."""
    from ckanext.chervonohrad.performance import summary
    from ckanext.chervonohrad.quality import rescore

    ids = portal.dataset_ids(org_ids)
    for start in range(0, len(ids), SCORE_SLICE):
        counts = rescore.rescore_slice(ids[start:start + SCORE_SLICE])
        result.counts["scored"] += counts["scored"]
        result.counts["rescored_changed"] += counts["changed"]
    stale = [package_id for package_id in portal.dataset_ids(changed_orgs) if package_id not in patched]
    for start in range(0, len(stale), rescore.REINDEX_CHUNK):
        rescore.reindex(stale[start:start + rescore.REINDEX_CHUNK])
    summary.refresh(org_ids)
    model.Session.commit()
