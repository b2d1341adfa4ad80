"""Reading what `ckan chervonohrad adopt --out DIR` wrote: its CSV (one row per finding) and
XLSX (publishers, then findings), headed by the labels of adoption/sheets.py in either language."""
from __future__ import annotations

import csv
import glob
import os
from typing import Any


def _keys_by_label(columns) -> dict[str, str]:
    return {label: key for key, labels in columns for label in labels.values()}


def files(out: str, ext: str) -> list[str]:
    return sorted(glob.glob(os.path.join(out, "**", f"*.{ext}"), recursive=True))


def finding_rows(out: str) -> list[dict[str, Any]]:
    """The CSV's rows with the column keys of sheets.FINDING_COLUMNS (and raw status labels
    turned back into their keys)."""
    from ckanext.chervonohrad.adoption import sheets

    keys = _keys_by_label(sheets.FINDING_COLUMNS)
    statuses = {label: key for key, labels in sheets.STATUS_LABELS.items() for label in labels.values()}
    reasons = {label: key for key, labels in sheets.REASON_LABELS.items() for label in labels.values()}
    rows = []
    for path in files(out, "csv"):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for raw in csv.DictReader(f):
                row = {keys.get(label, label): value for label, value in raw.items()}
                row["status"] = statuses.get(row.get("status"), row.get("status"))
                row["reason"] = reasons.get(row.get("reason"), row.get("reason"))
                rows.append(row)
    return rows


def workbook(out: str) -> dict[str, list[list[Any]]]:
    """Every sheet of the XLSX files, as rows of cell values."""
    import openpyxl

    sheets = {}
    for path in files(out, "xlsx"):
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            sheets[sheet.title] = [list(row) for row in sheet.iter_rows(values_only=True)]
    return sheets


def of(rows: list[dict[str, Any]], dataset: str = "", **match: str) -> list[dict[str, Any]]:
    """The rows of one dataset (or, with dataset="", a publisher's own rows) matching `match`."""
    return [r for r in rows if r.get("dataset", "") == dataset and all(r.get(k) == v for k, v in match.items())]
