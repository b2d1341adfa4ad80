"""The starter set: every entry is valid and sourced, seeding is idempotent (by link), the
CLI command and the demo load it."""
from __future__ import annotations

from click.testing import CliRunner

from ckan import model

from ckanext.chervonohrad.demo import materials as demo_materials
from ckanext.chervonohrad.materials import seed as seeding
from ckanext.chervonohrad.materials.cli import materials as materials_group
from ckanext.chervonohrad.materials.model import AUDIENCES, TOPICS, Material
from tests.materials.conftest import act


def test_the_starter_set_is_sourced_public_links():
    entries = seeding.read()
    assert 5 <= len(entries) <= 12
    for entry in entries:
        assert entry["title"] and entry["source"] and entry["url"].startswith("https://")
        assert entry["topic"] in TOPICS and entry["audience"] in AUDIENCES
    assert "https://zakon.rada.gov.ua/laws/show/835-2015-п" in {e["url"] for e in entries}
    assert len({e["url"] for e in entries}) == len(entries)


def test_seed_is_idempotent(people):
    count = len(seeding.read())
    assert seeding.seed() == count
    assert seeding.seed() == 0
    assert model.Session.query(Material).count() == count
    listed = act("chervonohrad_materials_list", None)["results"]
    assert listed[0]["url"] == "https://zakon.rada.gov.ua/laws/show/835-2015-п"


def test_seed_adds_only_links_not_listed(people):
    first = seeding.read()[0]
    act("chervonohrad_materials_create", people.coordinator,
        **{k: first[k] for k in ("url", "topic", "audience")}, title="Своя назва")
    assert seeding.seed() == len(seeding.read()) - 1
    assert model.Session.query(Material).filter(Material.url == first["url"]).one().title == "Своя назва"


def test_cli_seed(people):
    result = CliRunner().invoke(materials_group, ["seed"])
    assert result.exit_code == 0, result.output
    assert f"{len(seeding.read())} added" in result.output
    assert "0 added" in CliRunner().invoke(materials_group, ["seed"]).output


def test_demo_load_is_idempotent_and_has_a_file(app, people):
    made = demo_materials.load(None)
    assert made == len(seeding.read()) + len(demo_materials.read()["files"])
    assert demo_materials.load(None) == 0
    demo_file = model.Session.query(Material).filter(Material.file_name.isnot(None)).one()
    response = app.get(f"/materials/{demo_file.id}/file")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "datatype" in response.data.decode("utf-8")
