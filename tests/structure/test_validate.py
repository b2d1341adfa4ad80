"""Data validated against a schema: CSV in both encodings and delimiters, XLSX, limits (pure)."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from ckanext.chervonohrad.structure import schemas, text, validate

LISTING = ("name,type,required\nid,integer,true\nназва,string,true\nдата,date,false\nсума,number,false\n").encode()
GOOD = [["id", "назва", "дата", "сума"], ["1", "Школа № 1", "2026-01-15", "12.5"], ["2", "Садочок «Сонечко»", "", "3"]]
BAD = GOOD + [["три", "Ліцей", "2026-02-30", "x"], ["4", "", "2026-03-01", "1"]]


def schema():
    return schemas.parse(LISTING).schema


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    return "\n".join(delimiter.join(row) for row in rows).encode(encoding) + b"\n"


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append([int(c) if c.isdigit() else (c or None) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_valid_csv_in_either_encoding_and_delimiter(delimiter, encoding):
    outcome = validate.validate(csv_bytes(GOOD, delimiter, encoding), "csv", schema(), max_rows=100, keep=10)
    assert outcome.status == "valid" and outcome.errors == [] and outcome.rows == 2
    assert outcome.delimiter == delimiter and outcome.encoding == encoding


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_invalid_csv_errors_by_row_and_column(delimiter, encoding):
    outcome = validate.validate(csv_bytes(BAD, delimiter, encoding), "csv", schema(), max_rows=100, keep=10)
    assert outcome.status == "invalid" and outcome.errors_total == 4
    found = [(e["row"], e["field"], e["column"], e["type"]) for e in outcome.errors]
    assert found == [(4, "id", 1, "type-error"), (4, "дата", 3, "type-error"), (4, "сума", 4, "type-error"),
                     (5, "назва", 2, "constraint-error")]
    assert outcome.errors[0]["cell"] == "три"  # Cyrillic read back right from Windows-1251 too


def test_columns_are_matched_by_name_and_a_missing_one_is_reported():
    rows = [["Назва", "ID"], ["Школа", "1"]]  # another order and letter case, no дата and сума
    outcome = validate.validate(csv_bytes(rows), "csv", schema(), max_rows=100, keep=10)
    assert outcome.status == "invalid"
    assert [(e["type"], e["field"]) for e in outcome.errors] == [("missing-column", "дата"), ("missing-column", "сума")]


def test_null_is_a_missing_value_in_a_listing():
    rows = [GOOD[0], ["1", "Школа", "null", "null"]]
    assert validate.validate(csv_bytes(rows), "csv", schema(), max_rows=100, keep=10).status == "valid"


def test_xlsx_valid_and_invalid():
    assert validate.validate(xlsx_bytes(GOOD), "xlsx", schema(), max_rows=100, keep=10).status == "valid"
    outcome = validate.validate(xlsx_bytes(BAD), "xlsx", schema(), max_rows=100, keep=10)
    assert outcome.status == "invalid" and {e["row"] for e in outcome.errors} == {4, 5}


def test_the_row_limit():
    rows = [GOOD[0]] + [[str(i), "x", "", ""] for i in range(1, 51)] + [["bad", "x", "", ""]]
    outcome = validate.validate(csv_bytes(rows), "csv", schema(), max_rows=20, keep=10)
    assert outcome.status == "valid" and outcome.rows == 20 and outcome.limited
    assert validate.validate(csv_bytes(rows), "csv", schema(), max_rows=1000, keep=10).status == "invalid"


def test_errors_are_counted_beyond_those_kept():
    rows = [GOOD[0]] + [["x", "y", "", ""] for _ in range(30)]
    outcome = validate.validate(csv_bytes(rows), "csv", schema(), max_rows=1000, keep=5)
    assert outcome.errors_total == 30 and len(outcome.errors) == 5


@pytest.mark.parametrize("data, fmt", [(b"%PDF-1.4\x00\x00", "csv"), (b"PK\x03\x04not really", "xlsx"),
                                       (b"just,a,header\n", "xlsx")])
def test_unreadable_data_is_an_error_not_a_crash(data, fmt):
    outcome = validate.validate(data, fmt, schema(), max_rows=100, keep=10)
    assert outcome.status == "error" and outcome.reason == "data_unreadable" and outcome.detail


def test_encoding_and_delimiter_detection():
    assert text.encoding("Київ".encode()) == "utf-8" and text.encoding("Київ".encode("cp1251")) == "cp1251"
    assert text.encoding("Київ".encode()[:-1]) == "utf-8"  # cut mid-letter by the byte limit
    assert text.delimiter("a;b;c\n1;2,5;3\n") == ";" and text.delimiter("a,b\n1,2\n") == ","
    assert text.delimiter("one column\nx\n") == ","
    assert text.cut_at_last_line(b"a,b\n1,2\n3,") == b"a,b\n1,2\n"
