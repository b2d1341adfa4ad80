"""`ckan chervonohrad hromada assign FILE.csv`: publishers to hromadas from a CSV, all or
nothing; a missing column or a bad row exits non-zero, names the problem and writes nothing."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan

from ckanext.chervonohrad.hromada import access
from tests.hromada.officers import SHEPTYTSKA, SOKALSKA, edrpou, publisher_in

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def publishers():
    return (publisher_in(SHEPTYTSKA, "kultura", edrpou=edrpou("4410667")),
            publisher_in(SHEPTYTSKA, "osvita", edrpou=edrpou("4410668")))


def run_assign(cli, tmp_path, text: str):
    path = tmp_path / "assign.csv"
    path.write_text(text, encoding="utf-8")
    return cli.invoke(ckan, ["chervonohrad", "hromada", "assign", str(path)])


def hromadas_of(*names: str) -> list[str | None]:
    return [access.hromada_of(name) for name in names]


def test_assigns_by_name_and_edrpou(cli, tmp_path, publishers):
    osvita = publishers[1]
    result = run_assign(cli, tmp_path, f"organization,hromada\nkultura,{SOKALSKA}\n{osvita['edrpou']},{SOKALSKA}\n")
    assert result.exit_code == 0, result.output
    assert "Assigned 2 publishers (2 changed)" in result.output
    assert hromadas_of("kultura", "osvita") == [SOKALSKA, SOKALSKA]


def test_a_byte_order_mark_and_spaces_are_fine(cli, tmp_path, publishers):
    result = run_assign(cli, tmp_path, f"\ufefforganization,hromada\n kultura , {SOKALSKA}\n")
    assert result.exit_code == 0, result.output
    assert hromadas_of("kultura") == [SOKALSKA]


def test_a_missing_column_exits_non_zero_and_writes_nothing(cli, tmp_path, publishers):
    result = run_assign(cli, tmp_path, "organization,katottg\nkultura,UA46120110000062257\n")
    assert result.exit_code != 0
    assert "hromada" in result.output
    assert hromadas_of("kultura", "osvita") == [SHEPTYTSKA, SHEPTYTSKA]


def test_a_bad_row_exits_non_zero_names_the_row_and_writes_nothing(cli, tmp_path, publishers):
    result = run_assign(cli, tmp_path,
                        f"organization,hromada\nkultura,{SOKALSKA}\nosvita,UA99999999999999999\n")
    assert result.exit_code != 0
    assert "2, hromada:" in result.output and "UA99999999999999999" in result.output  # "Row 2, hromada: …"
    assert hromadas_of("kultura", "osvita") == [SHEPTYTSKA, SHEPTYTSKA]


def test_an_unknown_publisher_row_is_named(cli, tmp_path, publishers):
    result = run_assign(cli, tmp_path, f"organization,hromada\nkultura,{SOKALSKA}\nnobody-here,{SOKALSKA}\n")
    assert result.exit_code != 0
    assert "nobody-here" in result.output
    assert hromadas_of("kultura") == [SHEPTYTSKA]
