"""The command's report files, written as the walk goes: a portal of 50,000 datasets has
hundreds of thousands of findings, more than is wise to hold in memory (or in an openpyxl
workbook) before writing. The CSV is written row by row; the XLSX in openpyxl's write-only
mode, each sheet streaming to its own temporary file, the publishers' sheet (a few hundred
rows, known only at the end) first in the book, the findings second.

Every cell passes through common.tables.cell(), as every other download does, so text
that a spreadsheet would run as a formula arrives as text.
"""
from __future__ import annotations

import contextlib
import csv
import os
from typing import TYPE_CHECKING, Any

from ckanext.chervonohrad.adoption import sheets
from ckanext.chervonohrad.common import tables

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell

WIDTH = 24


class ReportFiles:
    """`finding(row)` for each row as it is found; `close(publisher_rows)` at the end."""

    def __init__(self, base: str, lang: str) -> None:
        self.lang = lang
        self.csv_path, self.xlsx_path = base + ".csv", base + ".xlsx"
        self._file = open(self.csv_path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
        self._file.write(tables.BOM)
        self._csv = csv.writer(self._file)
        from openpyxl import Workbook  # imported when a report is written (see common.tables.to_xlsx)

        self._book = Workbook(write_only=True)
        names = sheets.sheet_names(lang)
        self._publishers = self._sheet(names[0], sheets.PUBLISHER_COLUMNS)
        self._findings = self._sheet(names[1], sheets.FINDING_COLUMNS)
        header, _rows = sheets.findings_table([], lang)
        self._csv.writerow(self._csv_cells(header))

    def _sheet(self, title: str, columns) -> Any:
        sheet = self._book.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        for index in range(len(columns)):
            sheet.column_dimensions[chr(ord("A") + index)].width = WIDTH
        header, _rows = sheets.table(columns, [], self.lang)
        sheet.append([self._xlsx_cell(sheet, label, bold=True) for label in header])
        return sheet

    @staticmethod
    def _csv_cells(values) -> list[Any]:
        return ["" if value is None else value for value in map(tables.cell, values)]

    @staticmethod
    def _xlsx_cell(sheet, value: Any, bold: bool = False) -> WriteOnlyCell:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        written = WriteOnlyCell(sheet, value=tables.cell(value))
        if isinstance(written.value, str):
            written.data_type = "s"  # never a formula, whatever openpyxl would guess
        if bold:
            written.font = Font(bold=True)
        return written

    def finding(self, row: dict[str, Any]) -> None:
        _header, [values] = sheets.findings_table([row], self.lang)
        self._csv.writerow(self._csv_cells(values))
        self._findings.append([self._xlsx_cell(self._findings, value) for value in values])

    def close(self, publisher_rows: list[dict[str, Any]]) -> tuple[str, str]:
        _header, rows = sheets.publishers_table(publisher_rows, self.lang)
        for values in rows:
            self._publishers.append([self._xlsx_cell(self._publishers, value) for value in values])
        self._book.save(self.xlsx_path)
        self._file.close()
        return self.csv_path, self.xlsx_path

    def discard(self) -> None:
        self._file.close()
        for path in (self.csv_path, self.xlsx_path):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
