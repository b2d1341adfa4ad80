"""Tables as downloads: one header and rows in, CSV text or XLSX bytes out. Every export
(passport, scorecard, audit, register, feedback) writes through these, so the files look
alike — and so every cell passes through `cell()`, the one place that keeps text typed by
publishers and citizens from running as a spreadsheet formula."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# A byte-order mark lets spreadsheet programs open the Cyrillic text as UTF-8.
BOM = "\ufeff"

# Text starting with one of these is read as a formula by Excel, LibreOffice or Google
# Sheets (a tab or a carriage return first is skipped by some of them, then `=` counts),
# so `=HYPERLINK("http://evil", "x")` in a dataset's title would run on the reader's machine.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"  # what spreadsheet programs take as "the rest is text"


def cell(value: Any) -> Any:
    """The value as a cell of a download: text that a spreadsheet would take for a formula
    gets a leading apostrophe; everything else — numbers (negative ones too), dates, None —
    is unchanged, so figures stay figures."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_PREFIX + value
    return value


def _row(values: Iterable[Any]) -> list[Any]:
    return [cell(value) for value in values]


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_row(header))
    writer.writerows(["" if value is None else value for value in _row(row)] for row in rows)
    return (BOM if bom else "") + out.getvalue()


def _append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """One row; every text cell typed as a string. openpyxl itself types text starting with
    `=` as a formula, so the type is set here rather than left to its guess."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in _row(values):
        written = Cell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"
        cells.append(written)
    sheet.append(cells)


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """One worksheet per (title, header, rows); the header row bold and frozen."""
    # openpyxl is imported when a spreadsheet is made: at the top it took a third of a
    # second of every CKAN process's start (web workers, jobs workers, each command).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])  # Excel's limit on sheet names
        _append(sheet, header)
        for header_cell in sheet[1]:
            header_cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in rows:
            _append(sheet, row)
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
