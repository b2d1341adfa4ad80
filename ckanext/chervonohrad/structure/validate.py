"""Data checked against a structure with Frictionless (no CKAN: bytes and a schema in, an
outcome out, so the job, the command line, the bench and the tests call the same function).

The data's columns are matched to the structure's fields by name, not by position (spaces
around a name and letter case do not matter); a field the data lack is an error of its own
(`missing-column`, row 1), a column the structure does not name is reported by Frictionless
(`extra-label`… as a missing-cell-free extra field). Errors are counted up to ERROR_CAP and
the first `keep` are kept with their row, column and cell.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ckanext.chervonohrad.structure import text

if TYPE_CHECKING:
    import frictionless

ERROR_CAP = 1000
CELL_CHARS = 100
# Frictionless errors that mean the file could not be read as a table at all.
UNREADABLE = {"format-error", "encoding-error", "source-error", "scheme-error", "general-error", "dialect-error"}


@dataclass(frozen=True)
class Outcome:
    status: str  # valid, invalid, error
    reason: str | None = None  # for error: data_unreadable
    detail: str | None = None  # English
    rows: int = 0
    errors_total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    limited: bool = False  # more rows than were checked
    encoding: str | None = None
    delimiter: str | None = None


def _norm(name: Any) -> str:
    return " ".join(str(name or "").split()).casefold()


def _labels(data: bytes, fmt: str, options: dict[str, Any]) -> list[str]:
    import frictionless  # imported when used (see schemas._schema)

    with frictionless.Resource(data=data, format=fmt, **options) as table:
        return [str(label) for label in table.labels]


def _aligned(schema: frictionless.Schema, labels: list[str]) -> tuple[frictionless.Schema, list[str]]:
    """The schema with each field renamed to the data's spelling of it; the fields missing."""
    import frictionless  # imported when used (see schemas._schema)

    by_norm = {_norm(label): label for label in labels}
    descriptor = schema.to_descriptor()
    missing = []
    for item in descriptor.get("fields", []):
        found = by_norm.get(_norm(item.get("name")))
        if found is None:
            missing.append(item.get("name"))
        else:
            item["name"] = found
    descriptor.pop("primaryKey", None) if any(k in missing for k in _keys(descriptor)) else None
    return frictionless.Schema.from_descriptor(descriptor), missing


def _keys(descriptor: dict[str, Any]) -> list[str]:
    key = descriptor.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def _error(error: frictionless.errors.Error) -> dict[str, Any]:
    cell = getattr(error, "cell", None)
    return {"type": error.type, "row": getattr(error, "row_number", None),
            "column": getattr(error, "field_number", None), "field": getattr(error, "field_name", None),
            "cell": None if cell is None else str(cell)[:CELL_CHARS], "note": error.note or "",
            "message": error.message}


def validate(data: bytes, fmt: str, schema: frictionless.Schema, *, max_rows: int, keep: int) -> Outcome:
    """Validate a CSV or XLSX file's bytes (`fmt` "csv" or "xlsx") against `schema`, reading at
    most `max_rows` rows; keep the first `keep` errors."""
    import frictionless  # imported when used (see schemas._schema)

    options: dict[str, Any] = {}
    encoding = delimiter = None
    if fmt == "csv":
        if text.looks_binary(data):
            return Outcome("error", "data_unreadable", "a binary file, not CSV text")
        encoding = text.encoding(data)
        decoded = data.decode(encoding, errors="replace")
        delimiter = text.delimiter(decoded)
        data = decoded.encode("utf-8")  # Frictionless reads one known encoding
        options = {"encoding": "utf-8",
                   "dialect": frictionless.Dialect(controls=[frictionless.formats.CsvControl(delimiter=delimiter)])}
    try:
        labels = _labels(data, fmt, options)
        schema, missing = _aligned(schema, labels)
        resource = frictionless.Resource(data=data, format=fmt, schema=schema,
                                         detector=frictionless.Detector(schema_sync=True), **options)
        report = resource.validate(limit_errors=ERROR_CAP, limit_rows=max_rows)
    except frictionless.FrictionlessException as error:
        return Outcome("error", "data_unreadable", error.error.note or str(error), encoding=encoding,
                       delimiter=delimiter)
    except Exception as error:  # openpyxl and the csv module raise their own on damaged files
        return Outcome("error", "data_unreadable", f"the file could not be read ({type(error).__name__})",
                       encoding=encoding, delimiter=delimiter)
    task = report.tasks[0] if report.tasks else None
    found = list(task.errors if task else report.errors)
    if found and all(e.type in UNREADABLE for e in found):
        return Outcome("error", "data_unreadable", found[0].note or found[0].message, encoding=encoding,
                       delimiter=delimiter)
    errors = [{"type": "missing-column", "row": 1, "column": None, "field": name, "cell": None,
               "note": "", "message": f"The data have no column «{name}» that the structure names"}
              for name in missing] + [_error(e) for e in found]
    rows = int((task.stats.get("rows") if task else 0) or 0)
    total = len(errors)
    return Outcome("invalid" if errors else "valid", None, None, rows, total, errors[:keep],
                   limited=rows >= max_rows, encoding=encoding, delimiter=delimiter)


def read_xlsx_ok(data: bytes) -> bool:
    """Whether bytes are a zip (an XLSX is one): a cut one cannot be read in part."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return True
    except zipfile.BadZipFile:
        return False
