"""The operator's table of publishers (`ckan chervonohrad adopt --publishers FILE.csv`):
organization (name or id), edrpou, hromada (KATOTTG code), publisher_type.

Pure functions (no CKAN imports; the look-ups come in as callables). Every row is checked
before anything is written: a row with one problem is skipped whole, never half-applied,
and a value that would replace a different stored one is a conflict, not an overwrite
(unless the operator says so).
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from ckanext.chervonohrad.adoption.findings import Finding
from ckanext.chervonohrad.passport import rules

COLUMNS = ("organization", "edrpou", "hromada", "publisher_type")
FIELDS = COLUMNS[1:]

# Why a row is refused (Finding.reason); report.py labels them.
REASONS = ("unknown_organization", "invalid_edrpou", "edrpou_taken", "duplicate_edrpou", "unknown_hromada",
           "unknown_type", "duplicate_row", "incomplete", "conflict")


class TableError(ValueError):
    """The file as a whole cannot be read as the table (a missing column)."""


def read(lines: Iterable[str]) -> list[dict[str, str]]:
    """The table's rows as {column: stripped text}; column names are matched without case
    or surrounding spaces, other columns are ignored. TableError when a column is missing."""
    reader = csv.DictReader(lines)
    names = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise TableError(f"the table lacks the column(s) {', '.join(missing)}; it needs {', '.join(COLUMNS)}")
    return [{column: (row.get(names[column]) or "").strip() for column in COLUMNS} for row in reader]


def normalised(column: str, value: str) -> str:
    """A cell as it would be stored: KATOTTG codes in upper case; an EDRPOU code that a
    spreadsheet shortened (it drops the leading zeros of 04057215) padded back to eight digits."""
    value = value.strip()
    if column == "hromada":
        return value.upper()
    if column == "edrpou" and value.isdigit() and len(value) < 8:
        return value.zfill(8)
    return value


@dataclass
class RowDecision:
    """One row of the table: `line` in the file (the header is line 1), the organization as
    typed and as found, the `values` to store (field → new value, only those that change),
    and the `problems` (errors and conflicts) that keep the whole row from being applied."""

    line: int
    organization: str
    org: dict[str, Any] | None = None
    values: dict[str, str] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _valid(column: str, value: str, hromada_codes: Collection[str], type_codes: Collection[str]) -> bool:
    if column == "edrpou":
        return rules.edrpou_is_valid(value)
    return value in (hromada_codes if column == "hromada" else type_codes)


def check(rows: list[dict[str, str]], find_org: Callable[[str], dict[str, Any] | None],
          edrpou_holder: Callable[[str], dict[str, Any] | None], hromada_codes: Collection[str],
          type_codes: Collection[str], overwrite: bool = False) -> list[RowDecision]:
    """Decide every row. `find_org(ref)`: the active organization a name or id names, as a
    dict with id, name and its stored edrpou, hromada and publisher_type (None: no such
    publisher); `edrpou_holder(code)`: the active organization holding that code, or None.
    A blank cell leaves the stored value as it is; a cell that differs from a valid stored
    value is a conflict, unless `overwrite`."""
    decisions: list[RowDecision] = []
    seen_orgs: dict[str, int] = {}
    edrpou_rows: dict[str, tuple[str, int]] = {}
    for line, row in enumerate(rows, start=2):
        decision = RowDecision(line, row.get("organization", ""))
        decisions.append(decision)
        problems = decision.problems
        org = find_org(decision.organization) if decision.organization else None
        if org is None:
            problems.append(Finding("error", "organization", "unknown_organization", decision.organization))
            continue
        decision.org = org
        if org["id"] in seen_orgs:
            problems.append(Finding("error", "organization", "duplicate_row", decision.organization,
                                    detail=str(seen_orgs[org["id"]])))
            continue
        seen_orgs[org["id"]] = line
        given = {column: normalised(column, row.get(column, "")) for column in FIELDS}
        edrpou, hromada, kind = given["edrpou"], given["hromada"], given["publisher_type"]
        if edrpou:
            if not rules.edrpou_is_valid(edrpou):
                problems.append(Finding("error", "edrpou", "invalid_edrpou", row.get("edrpou", "")))
            else:
                holder = edrpou_holder(edrpou)
                if holder is not None and holder["id"] != org["id"]:
                    problems.append(Finding("error", "edrpou", "edrpou_taken", edrpou, detail=holder["name"]))
                elif edrpou in edrpou_rows and edrpou_rows[edrpou][0] != org["id"]:
                    problems.append(Finding("error", "edrpou", "duplicate_edrpou", edrpou,
                                            detail=str(edrpou_rows[edrpou][1])))
                edrpou_rows.setdefault(edrpou, (org["id"], line))
        if hromada and hromada not in hromada_codes:
            problems.append(Finding("error", "hromada", "unknown_hromada", row.get("hromada", "")))
        if kind and kind not in type_codes:
            problems.append(Finding("error", "publisher_type", "unknown_type", kind))
        for column in FIELDS:
            stored = (org.get(column) or "").strip()
            new = given[column]
            if not new or new == stored:
                continue
            # A stored value the passport refuses anyway is replaced (the report shows old and new);
            # a valid one is the operator's to decide.
            if stored and not overwrite and _valid(column, stored, hromada_codes, type_codes):
                problems.append(Finding("conflict", column, "conflict", stored, detail=new))
            else:
                decision.values[column] = new
        for column in FIELDS:
            if not given[column] and not (org.get(column) or "").strip():
                problems.append(Finding("error", column, "incomplete"))
        if problems:
            decision.values = {}
    return decisions
