"""A structure file read as a Frictionless Table Schema (pure: bytes in, a schema out).

Three kinds are read, told apart by their content, not by the declared format:

- a Frictionless Table Schema (JSON with `fields`), as it is;
- CSVW metadata (JSON with `tableSchema.columns`, at the top or in the first of `tables`):
  each column's `name` (or its first title), `datatype` and `required`;
- a table listing the columns, as Ukrainian publishers upload «структура набору даних»: a
  CSV (UTF-8 or Windows-1251, `,` `;` or tab) or an XLSX sheet, one row per column of the
  data, under a header row (among its first rows) that names at least the field's name.
  The headers accepted are in `LISTING_HEADERS`, the type words in `LISTING_TYPES`.

Anything else raises `StructureError` with a reason code (`REASONS`) and an English detail.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ckanext.chervonohrad.structure import text

if TYPE_CHECKING:
    import frictionless

# Header cell (lower case, spaces squeezed, apostrophes dropped) → what the column holds.
# `name` is the field's name as the data's header row has it; where a listing has no such
# column, its `title` column is taken for the name.
LISTING_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "field", "field name", "fieldname", "column", "column name", "attribute", "key",
             "назва поля", "поле", "імя поля", "назва колонки", "назва стовпця", "назва стовпчика",
             "ідентифікатор поля", "код поля", "атрибут", "технічна назва", "назва атрибута"),
    "title": ("title", "label", "назва", "найменування", "найменування поля", "заголовок", "назва українською"),
    "description": ("description", "опис", "опис поля", "зміст", "пояснення", "коментар", "примітка"),
    "type": ("type", "data type", "datatype", "format", "field type", "тип", "тип даних", "тип поля",
             "формат", "формат даних", "формат поля", "тип значення"),
    "required": ("required", "mandatory", "обовязкове", "обовязковість", "обовязкове поле", "обовязковий"),
}

# A listing's type word (lower case, the first word or phrase before a bracket or a comma) →
# the Frictionless type. Checked in order: the first key the cell starts with wins.
LISTING_TYPES: tuple[tuple[str, str], ...] = (
    ("дата і час", "datetime"), ("дата та час", "datetime"), ("дата й час", "datetime"), ("datetime", "datetime"),
    ("date-time", "datetime"), ("timestamp", "datetime"), ("дата", "date"), ("date", "date"), ("час", "time"),
    ("time", "time"), ("ціле", "integer"), ("integer", "integer"), ("int", "integer"), ("число ціле", "integer"),
    ("цілочисельний", "integer"), ("number", "number"), ("decimal", "number"), ("float", "number"),
    ("double", "number"), ("numeric", "number"), ("число", "number"), ("дробове", "number"), ("десяткове", "number"),
    ("числовий", "number"), ("сума", "number"), ("boolean", "boolean"), ("bool", "boolean"), ("логічний", "boolean"),
    ("булевий", "boolean"), ("так/ні", "boolean"), ("рік", "year"), ("year", "year"), ("string", "string"),
    ("text", "string"), ("текст", "string"), ("рядок", "string"), ("строка", "string"), ("символьний", "string"),
    ("текстовий", "string"), ("url", "string"), ("посилання", "string"), ("email", "string"),
)
# A date pattern in a listing's type or description: the date format to read the data with.
DATE_PATTERNS = {"дд.мм.рррр": "%d.%m.%Y", "dd.mm.yyyy": "%d.%m.%Y", "рррр-мм-дд": "%Y-%m-%d",
                 "yyyy-mm-dd": "%Y-%m-%d", "дд/мм/рррр": "%d/%m/%Y", "dd/mm/yyyy": "%d/%m/%Y"}
YES = {"true", "yes", "так", "1", "+", "обов'язкове", "обовʼязкове", "обовязкове", "обовʼязково", "обов'язково", "y",
       "т", "да"}
# What a listing's data write for "no value": empty, or null (data.gov.ua's standards).
LISTING_MISSING = ["", "null", "NULL"]

# CSVW datatypes (XSD names and the CSVW aliases) → Frictionless types; others: string.
CSVW_TYPES = {
    "string": "string", "normalizedstring": "string", "token": "string", "anyuri": "string", "html": "string",
    "integer": "integer", "int": "integer", "long": "integer", "short": "integer", "byte": "integer",
    "nonnegativeinteger": "integer", "positiveinteger": "integer", "negativeinteger": "integer",
    "nonpositiveinteger": "integer", "unsignedint": "integer", "unsignedlong": "integer",
    "decimal": "number", "double": "number", "float": "number", "number": "number",
    "boolean": "boolean", "date": "date", "datetime": "datetime", "datetimestamp": "datetime",
    "time": "time", "gyear": "year", "gyearmonth": "yearmonth", "duration": "duration", "json": "object",
    "any": "any",
}

REASONS = ("unreadable", "not_a_structure", "no_fields", "too_large")
MAX_STRUCTURE_BYTES = 5 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class StructureError(ValueError):
    """The structure file cannot be read as one: `reason` a code of REASONS, `detail` English."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class Structure:
    schema: frictionless.Schema
    kind: str  # "table_schema", "csvw" or "listing"
    notes: tuple[str, ...] = ()  # what was guessed (unknown type words), in English


def _squeeze(value: Any) -> str:
    cleaned = re.sub(r"[\s_]+", " ", str(value or "")).strip().lower()
    return re.sub(r"['ʼ’`*:]", "", cleaned).rstrip(".").strip()


def _schema(descriptor: dict[str, Any]) -> frictionless.Schema:
    import frictionless  # here, not at the top: it takes 0.4 s of every CKAN process's start

    try:
        schema = frictionless.Schema.from_descriptor(descriptor)
    except frictionless.FrictionlessException as error:
        raise StructureError("not_a_structure", f"not a valid Table Schema: {error.error.note or error}") from None
    if not schema.fields:
        raise StructureError("no_fields", "the structure lists no fields")
    return schema


# ---- JSON: Table Schema, CSVW --------------------------------------------------------------

def _csvw_table_schema(document: dict[str, Any]) -> dict[str, Any] | None:
    if isinstance(document.get("tableSchema"), dict):
        return document["tableSchema"]
    tables = document.get("tables")
    if isinstance(tables, list) and tables and isinstance(tables[0], dict):
        inner = tables[0].get("tableSchema")
        return inner if isinstance(inner, dict) else None
    return None


def _csvw_title(column: dict[str, Any]) -> str:
    titles = column.get("titles")
    if isinstance(titles, dict):  # by language
        titles = titles.get("uk") or next(iter(titles.values()), "")
    if isinstance(titles, list):
        titles = titles[0] if titles else ""
    return str(titles or "").strip()


def _csvw_field(column: dict[str, Any], position: int) -> dict[str, Any]:
    datatype = column.get("datatype") or "string"
    if isinstance(datatype, dict):
        datatype = datatype.get("base") or "string"
    name = str(column.get("name") or "").strip() or _csvw_title(column) or f"field{position}"
    field: dict[str, Any] = {"name": name, "type": CSVW_TYPES.get(str(datatype).lower(), "string")}
    if column.get("required") is True:
        field["constraints"] = {"required": True}
    if isinstance(column.get("dc:description") or column.get("description"), str):
        field["description"] = column.get("dc:description") or column.get("description")
    return field


def from_json(document: Any) -> Structure:
    if not isinstance(document, dict):
        raise StructureError("not_a_structure", "the JSON is not an object with fields or a tableSchema")
    if isinstance(document.get("fields"), list):
        return Structure(_schema(document), "table_schema")
    table_schema = _csvw_table_schema(document)
    if table_schema is not None:
        columns = [c for c in table_schema.get("columns") or [] if isinstance(c, dict) and not c.get("virtual")]
        return Structure(_schema({"fields": [_csvw_field(c, i) for i, c in enumerate(columns, 1)]}), "csvw")
    raise StructureError("not_a_structure", "the JSON is not an object with fields or a tableSchema")


# ---- a listing of columns ------------------------------------------------------------------

def _header_roles(row: list[Any]) -> dict[str, int]:
    """Which column of a header row holds what, by LISTING_HEADERS (the first match wins)."""
    found: dict[str, int] = {}
    for position, cell in enumerate(row):
        key = _squeeze(cell)
        for role, names in LISTING_HEADERS.items():
            if key in names and role not in found:
                found[role] = position
                break
    if "name" not in found and "title" in found:
        found["name"] = found.pop("title")
    return found


def listing_type(word: str, description: str = "") -> tuple[str, str | None]:
    """A listing's type cell (and the field's description, which often gives the date's
    pattern) → (Frictionless type, date format or None). An unknown or empty word: "any"."""
    cleaned = re.split(r"[(\[,;]", _squeeze(word), maxsplit=1)[0].strip()
    kind = next((target for key, target in LISTING_TYPES if cleaned.startswith(key)), "any")
    date_format = None
    if kind in ("date", "datetime"):
        hay = f"{_squeeze(word)} {_squeeze(description)}"
        date_format = next((fmt for pattern, fmt in DATE_PATTERNS.items() if pattern in hay), None)
        if kind == "date" and date_format is None:
            date_format = "any"  # a date in any common spelling
        if kind == "datetime":
            date_format = "any"
    return kind, date_format


def from_rows(rows: list[list[Any]]) -> Structure:
    """A structure from the rows of a listing (its header among the first five rows)."""
    start = next((i for i, row in enumerate(rows[:5]) if "name" in _header_roles(row)), None)
    if start is not None:
        roles = _header_roles(rows[start])
    else:
        raise StructureError("not_a_structure", "no header naming the fields (e.g. «Назва поля», «name») "
                                                "in the first rows")
    fields, notes, seen = [], [], set()

    def cell(row: list[Any], role: str) -> str:
        position = roles.get(role)
        return str(row[position]).strip() if position is not None and position < len(row) and row[position] \
            is not None else ""

    for row in rows[start + 1:]:
        name = cell(row, "name")
        if not name or name in seen:
            continue
        seen.add(name)
        description = cell(row, "description")
        kind, date_format = listing_type(cell(row, "type"), description)
        if kind == "any" and cell(row, "type"):
            notes.append(f"{name}: type «{cell(row, 'type')}» not recognised, any value accepted")
        field: dict[str, Any] = {"name": name, "type": kind}
        if date_format and date_format != "default":
            field["format"] = date_format
        if cell(row, "title") and "title" in roles and roles["title"] != roles["name"]:
            field["title"] = cell(row, "title")
        if description:
            field["description"] = description
        if _squeeze(cell(row, "required")) in {_squeeze(y) for y in YES}:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema = _schema({"fields": fields, "missingValues": LISTING_MISSING})
    return Structure(schema, "listing", tuple(notes))


def _csv_rows(data: bytes) -> list[list[str]]:
    decoded = data.decode(text.encoding(data), errors="replace")
    return list(csv.reader(io.StringIO(decoded), delimiter=text.delimiter(decoded)))


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged or disguised file: openpyxl raises many kinds
        raise StructureError("unreadable", f"not a readable XLSX file ({type(error).__name__})") from None
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True, max_row=2000)]
    finally:
        book.close()


def parse(data: bytes) -> Structure:
    """Read a structure file's bytes (see the module's docstring); raises StructureError."""
    if len(data) > MAX_STRUCTURE_BYTES:
        raise StructureError("too_large", f"the structure file is larger than {MAX_STRUCTURE_BYTES // 1024 ** 2} MB")
    if not data.strip():
        raise StructureError("unreadable", "the structure file is empty")
    if data.startswith(XLSX_MAGIC):
        return from_rows(_xlsx_rows(data))
    if text.looks_binary(data):
        raise StructureError("unreadable", "a binary file (PDF, image or document), not a table or JSON")
    stripped = data.lstrip(text.BOM).lstrip()
    if stripped[:1] in (b"{", b"["):
        try:
            document = json.loads(stripped.decode(text.encoding(stripped)))
        except (ValueError, UnicodeDecodeError) as error:
            raise StructureError("unreadable", f"not valid JSON ({error})") from None
        return from_json(document)
    return from_rows(_csv_rows(data))
