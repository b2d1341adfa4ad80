"""Bytes of a published table as text: the encoding and the delimiter (pure).

Ukrainian publishers save CSV from Excel or LibreOffice: UTF-8 (often with a byte-order
mark) or Windows-1251, with `,` or `;` between cells (`;` where the system's decimal
separator is a comma). Detectors that guess among dozens of code pages take Cyrillic
Windows-1251 for MacCyrillic or KOI8 now and then; here the choice is only between the two
that occur: text that decodes as UTF-8 is UTF-8, anything else is read as Windows-1251
(which maps nearly every byte, so a truly binary file is caught by `looks_binary` first).
"""
from __future__ import annotations

import csv

BOM = b"\xef\xbb\xbf"
DELIMITERS = ",;\t"
SAMPLE = 64 * 1024


def encoding(data: bytes) -> str:
    """"utf-8-sig" (a BOM), "utf-8" or "cp1251". A UTF-8 sequence cut at the end of a
    partial download still counts as UTF-8."""
    if data.startswith(BOM):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return "utf-8"
        return "cp1251"


def looks_binary(data: bytes) -> bool:
    """A NUL byte in the first bytes: no CSV has one (a PDF, an image, a zip do)."""
    return b"\x00" in data[:SAMPLE]


def delimiter(text: str) -> str:
    """The delimiter of CSV text: the one of `,` `;` tab that splits the first lines into
    the same number of cells, the most cells winning; `,` when none does."""
    lines = [line for line in text[:SAMPLE].splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_cells = ",", 1
    for candidate in DELIMITERS:
        counts = {len(row) for row in csv.reader(lines[:-1] or lines, delimiter=candidate)}
        if len(counts) == 1 and (cells := counts.pop()) > best_cells:
            best, best_cells = candidate, cells
    return best


def cut_at_last_line(data: bytes) -> bytes:
    """A partial download up to its last complete line (a row cut in half is not an error
    of the data)."""
    end = data.rfind(b"\n")
    return data[:end + 1] if end >= 0 else data
