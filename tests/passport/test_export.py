"""The passport's rows, pure: order, labels in both languages, derived values."""
from __future__ import annotations

import csv
import io

from ckanext.chervonohrad.passport import export

DATASET = {
    "id": "8a4b1c2d-0000-4000-8000-000000000001",
    "title": "Зупинки громадського транспорту",
    "notes": "Перелік зупинок.",
    "language": "uk",
    "metadata_created": "2026-03-01T10:00:00",
    "metadata_modified": "2026-07-15T21:30:00.123456",
    "data_current_as_of": "2026-07-01",
    "update_frequency": "once a quarter",
    "tags": [{"name": "транспорт"}, {"name": "зупинки"}],
    "maintainer": "Бойко Василь Михайлович",
    "maintainer_email": "transport@sheptytskyi.example",
    "purpose_of_collecting_information": "Закон України «Про автомобільний транспорт»",
    "resources": [
        {"url": "http://portal/stops.csv", "format": "CSV", "resource_role": "data"},
        {"url": "http://portal/stops.zip", "format": "ZIP", "resource_role": "data"},
        {"url": "http://portal/structure.csv", "format": "CSV", "resource_role": "structure"},
        {"url": "http://portal/manual.pdf", "format": "PDF", "resource_role": "documentation"},
    ],
}
ORG = {"title": "КП «Шептицькавтотранс»", "edrpou": "26162800", "hromada": "UA46120130000026331"}


def by_field(rows):
    return {row["field"]: row for row in rows}


def test_sixteen_fields_in_the_regulations_order():
    rows = export.rows(DATASET, ORG)
    assert [r["number"] for r in rows] == list(range(1, 17))
    assert rows[0]["field"] == "identifier"
    assert rows[-1]["field"] == "purpose_of_collecting_information"


def test_values_in_ukrainian():
    rows = by_field(export.rows(DATASET, ORG, "uk"))
    assert rows["language"]["value"] == "Українська"
    assert rows["update_frequency"]["value"] == "Щокварталу"
    assert rows["update_frequency"]["label"] == "Періодичність оновлення"
    assert rows["formats"]["value"] == "CSV; ZIP"
    assert rows["compression"]["value"] == "ZIP"
    assert rows["keywords"]["value"] == "транспорт, зупинки"
    assert rows["data_links"]["value"] == "http://portal/stops.csv; http://portal/stops.zip"
    assert rows["structure_links"]["value"] == "http://portal/structure.csv"
    assert rows["publisher"]["value"] == "КП «Шептицькавтотранс», ЄДРПОУ 26162800, КАТОТТГ UA46120130000026331"
    assert rows["maintainer"]["value"] == "Бойко Василь Михайлович, transport@sheptytskyi.example"


def test_times_are_shown_in_kyiv():
    rows = by_field(export.rows(DATASET, ORG))
    assert rows["first_published"]["value"] == "2026-03-01T12:00:00+02:00"
    assert rows["last_modified"]["value"] == "2026-07-16T00:30:00+03:00"


def test_labels_and_values_in_english():
    rows = by_field(export.rows(DATASET, ORG, "en"))
    assert rows["update_frequency"]["label"] == "Update frequency"
    assert rows["update_frequency"]["value"] == "Once a quarter"
    assert rows["language"]["value"] == "Ukrainian"
    assert rows["publisher"]["value"].endswith("EDRPOU 26162800, KATOTTG UA46120130000026331")


def test_empty_dataset_gives_empty_values_not_errors():
    rows = export.rows({}, {})
    assert all(row["value"] == "" for row in rows)


def test_csv_has_a_header_and_one_line_per_field():
    text = export.to_csv(export.rows(DATASET, ORG), "uk")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["№", "Поле", "Значення"]
    assert len(lines) == 17
    assert lines[2] == ["2", "Найменування набору даних", "Зупинки громадського транспорту"]
