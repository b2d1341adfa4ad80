"""Structure files read as Frictionless schemas: the three kinds, and broken ones (pure)."""
from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook

from ckanext.chervonohrad.structure import schemas


def fields(structure):
    return [(f.name, f.type) for f in structure.schema.fields]


def test_a_table_schema_is_taken_as_it_is():
    data = json.dumps({"fields": [{"name": "id", "type": "integer"}, {"name": "назва", "type": "string"}],
                       "primaryKey": "id"}).encode()
    structure = schemas.parse(data)
    assert structure.kind == "table_schema" and fields(structure) == [("id", "integer"), ("назва", "string")]


def test_csvw_columns_become_fields():
    data = json.dumps({"@context": "http://www.w3.org/ns/csvw", "url": "data.csv", "tableSchema": {"columns": [
        {"name": "id", "datatype": "integer", "required": True},
        {"titles": "Дата", "datatype": {"base": "date"}},
        {"name": "sum", "datatype": "decimal"},
        {"name": "calc", "virtual": True}]}}).encode()
    structure = schemas.parse(data)
    assert structure.kind == "csvw"
    assert fields(structure) == [("id", "integer"), ("Дата", "date"), ("sum", "number")]
    assert structure.schema.get_field("id").constraints == {"required": True}


def test_csvw_in_a_table_group():
    data = json.dumps({"tables": [{"url": "a.csv", "tableSchema": {"columns": [{"name": "a"}]}}]}).encode()
    assert fields(schemas.parse(data)) == [("a", "string")]


def test_the_listing_the_demo_publishers_upload():
    data = ("name,title,description,type,required\n"
            "requestId,Номер звернення,Порядковий номер.,integer,true\n"
            "receivedDate,Дата надходження,Дата (РРРР-ММ-ДД).,date,true\n"
            "note,Примітка,Довільний текст.,string,false\n").encode()
    structure = schemas.parse(data)
    assert structure.kind == "listing"
    assert fields(structure) == [("requestId", "integer"), ("receivedDate", "date"), ("note", "string")]
    assert structure.schema.get_field("receivedDate").format == "%Y-%m-%d"
    assert structure.schema.get_field("requestId").title == "Номер звернення"
    assert structure.schema.get_field("note").constraints == {}
    assert structure.schema.missing_values == ["", "null", "NULL"]


def test_a_ukrainian_listing_in_windows_1251_with_semicolons():
    data = ("Структура набору даних;;;\n"
            "№;Назва поля;Опис;Тип даних\n"
            "1;Код;Код закладу;Ціле число\n"
            "2;Дата відкриття;дд.мм.рррр;Дата\n"
            "3;Площа;м²;Число (дробове)\n"
            "4;Примітка;;Текст (255)\n"
            "5;Дивне;;Перелік\n").encode("cp1251", errors="replace")
    structure = schemas.parse(data)
    assert fields(structure) == [("Код", "integer"), ("Дата відкриття", "date"), ("Площа", "number"),
                                 ("Примітка", "string"), ("Дивне", "any")]
    assert structure.schema.get_field("Дата відкриття").format == "%d.%m.%Y"
    assert structure.notes == ("Дивне: type «Перелік» not recognised, any value accepted",)


def test_a_listing_in_xlsx():
    book = Workbook()
    book.active.append(["Назва поля", "Тип"])
    book.active.append(["id", "integer"])
    book.active.append(["name", "Рядок"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert fields(schemas.parse(buffer.getvalue())) == [("id", "integer"), ("name", "string")]


@pytest.mark.parametrize("word, expected", [("Ціле число", "integer"), ("integer", "integer"),
                                            ("Дата і час", "datetime"), ("Число, грн", "number"),
                                            ("boolean", "boolean"), ("Так/Ні", "boolean"),
                                            ("", "any"), ("Рік", "year"), ("STRING", "string")])
def test_listing_type_words(word, expected):
    assert schemas.listing_type(word)[0] == expected


@pytest.mark.parametrize("data, reason", [
    (b"", "unreadable"),
    (b"   \n", "unreadable"),
    (b"%PDF-1.4\x00\x01binary", "unreadable"),
    (b"PK\x03\x04broken zip", "unreadable"),
    (b"{not json", "unreadable"),
    (b'{"title": "no fields"}', "not_a_structure"),
    (b"[1, 2, 3]", "not_a_structure"),
    (b'{"fields": []}', "no_fields"),
    (b'{"fields": [{"name": "a", "type": "no-such-type"}]}', "not_a_structure"),
    ("Опис,Примітка\nщось,інше\n".encode(), "not_a_structure"),
    (b"name,type\n", "no_fields"),
])
def test_broken_structure_files_say_why(data, reason):
    with pytest.raises(schemas.StructureError) as raised:
        schemas.parse(data)
    assert raised.value.reason == reason and raised.value.detail


def test_a_huge_structure_file_is_refused():
    with pytest.raises(schemas.StructureError) as raised:
        schemas.parse(b"name\n" + b"x\n" * (schemas.MAX_STRUCTURE_BYTES // 2 + 1))
    assert raised.value.reason == "too_large"
