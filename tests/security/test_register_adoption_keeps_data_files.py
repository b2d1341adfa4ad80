"""Adopting a dataset as a publisher's register of datasets adds the register's own two
files beside the dataset's own, and every regeneration writes only those — also on a portal
where a register was adopted the old way (its first data and structure files taken over),
whose remembered resource ids were lost, or whose register file was deleted."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import uploader
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.reports import register_dataset
from ckanext.chervonohrad.reports.model import RegisterDataset
from tests.factories import PassportDataset, Publisher

pytestmark = pytest.mark.usefixtures("clean_redis")

OWN_DATA = "рік,сума\n2025,100\n"


def upload(text_: str, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(text_.encode("utf-8")), filename=filename, content_type="text/csv")


def content(resource: dict) -> str:
    with open(uploader.get_resource_uploader(resource).get_path(resource["id"]), encoding="utf-8") as f:
        return f.read()


def resources(name: str) -> dict[str, dict]:
    return {r["id"]: r for r in call_action("package_show", id=name)["resources"]}


@pytest.fixture
def world(clean_db, clean_index):
    """finance's dataset `registry` with its own uploaded data file, a linked data file and
    a linked structure file; another published dataset of finance; a sysadmin."""
    sysadmin = factories.Sysadmin()
    finance = Publisher(name="finance", title="Фінансове управління")
    PassportDataset(name="budget", title="Бюджет громади", owner_org=finance["id"])
    PassportDataset(name="registry", title="Реєстр (вели вручну)", owner_org=finance["id"], list835_item="",
                    resources=[{"url": "https://data.example/registry-links.csv", "name": "Посилання",
                                "format": "CSV", "resource_role": "data"},
                               {"url": "https://data.example/registry-structure.csv", "name": "Структура",
                                "format": "CSV", "resource_role": "structure"}])
    context = {"user": sysadmin["name"]}
    own = call_action("resource_create", context=dict(context), package_id="registry", name="Наш файл",
                      format="CSV", resource_role="data", url="own.csv", upload=upload(OWN_DATA, "own.csv"))
    call_action("package_resource_reorder", context=dict(context), id="registry",
                order=[own["id"]] + [r for r in resources("registry") if r != own["id"]])
    return {"finance": finance, "sysadmin": sysadmin, "own": own, "before": resources("registry")}


def publish(world, **data):
    return call_action("chervonohrad_reports_register_publish", context={"user": world["sysadmin"]["name"]},
                       publisher="finance", **data)


def assert_untouched(world, now: dict[str, dict]) -> None:
    """The dataset's own files are there, as they were, and the uploaded one holds its data."""
    for rid, before in world["before"].items():
        assert {k: now[rid].get(k) for k in ("url", "name", "format", "resource_role", "url_type")} == \
            {k: before.get(k) for k in ("url", "name", "format", "resource_role", "url_type")}
    assert content(now[world["own"]["id"]]) == OWN_DATA


def register_resources(now: dict[str, dict]) -> dict[str, dict]:
    return {r["resource_role"]: r for r in now.values()
            if r.get("url_type") == "upload" and r["url"].rsplit("/", 1)[-1] in (register_dataset.DATA_FILE,
                                                                                  register_dataset.STRUCTURE_FILE)}


def test_adopting_adds_the_registers_own_files(world):
    publish(world, dataset="registry")
    now = resources("registry")
    assert len(now) == len(world["before"]) + 2
    assert_untouched(world, now)
    own = register_resources(now)
    assert set(own) == {"data", "structure"}
    assert "Бюджет громади" in content(own["data"]) and "datatype" in content(own["structure"])
    row = model.Session.get(RegisterDataset, world["finance"]["id"])
    assert (row.data_resource_id, row.structure_resource_id) == (own["data"]["id"], own["structure"]["id"])

    # Regenerating, and publishing (adopting) again, write the same two resources.
    call_action("package_patch", context={"user": world["sysadmin"]["name"]}, id="budget", title="Бюджет 2027")
    assert register_dataset.regenerate(world["finance"]["id"], force=True) is True
    publish(world, dataset="registry")
    publish(world)
    again = resources("registry")
    assert set(again) == set(now)
    assert_untouched(world, again)
    assert "Бюджет 2027" in content(register_resources(again)["data"])


def test_adopting_another_publishers_dataset_writes_nothing(world):
    Publisher(name="water", title="Водоканал", edrpou="26162800")
    with pytest.raises(tk.ValidationError):
        call_action("chervonohrad_reports_register_publish", context={"user": world["sysadmin"]["name"]},
                    publisher="water", dataset="registry")
    assert resources("registry").keys() == world["before"].keys()
    assert model.Session.get(RegisterDataset, world["finance"]["id"]) is None


@pytest.fixture
def adopted_the_old_way(world):
    """What the old adoption left: the dataset's first data file and its structure file
    overwritten with the register's, and the table pointing at them."""
    context = {"user": world["sysadmin"]["name"]}
    own_id = world["own"]["id"]
    structure_id = next(r for r, v in world["before"].items() if v["resource_role"] == "structure")
    call_action("resource_patch", context=dict(context), id=own_id, url=register_dataset.DATA_FILE,
                upload=upload("identifier,title\n", register_dataset.DATA_FILE))
    call_action("resource_patch", context=dict(context), id=structure_id, url=register_dataset.STRUCTURE_FILE,
                upload=upload("name,title\n", register_dataset.STRUCTURE_FILE))
    pkg = model.Package.get("registry")
    model.Session.add(RegisterDataset(owner_org=world["finance"]["id"], package_id=pkg.id, created_by="admin",
                                      data_resource_id=own_id, structure_resource_id=structure_id, rows=0))
    model.Session.commit()
    links = next(r for r, v in world["before"].items() if v["url"].endswith("registry-links.csv"))
    return {"register_data": own_id, "register_structure": structure_id, "links": links}


def test_old_adoption_regenerates_its_own_files_only(world, adopted_the_old_way):
    old = adopted_the_old_way
    assert register_dataset.regenerate(world["finance"]["id"], force=True) is True
    now = resources("registry")
    assert now.keys() == world["before"].keys()  # nothing added, nothing lost
    assert "Бюджет громади" in content(now[old["register_data"]])
    assert now[old["links"]]["url"] == "https://data.example/registry-links.csv"


def test_old_adoption_whose_ids_were_lost_finds_its_file_again(world, adopted_the_old_way):
    old = adopted_the_old_way
    row = model.Session.get(RegisterDataset, world["finance"]["id"])
    row.data_resource_id = row.structure_resource_id = None
    model.Session.commit()
    # The linked data file is now the dataset's first.
    call_action("package_resource_reorder", context={"user": world["sysadmin"]["name"]}, id="registry",
                order=[old["links"]] + [r for r in world["before"] if r != old["links"]])
    assert register_dataset.regenerate(world["finance"]["id"], force=True) is True
    now = resources("registry")
    assert now.keys() == world["before"].keys()
    assert now[old["links"]]["url"] == "https://data.example/registry-links.csv"
    assert now[old["links"]].get("url_type") in (None, "")
    assert "Бюджет громади" in content(now[old["register_data"]])
    row = model.Session.get(RegisterDataset, world["finance"]["id"])
    assert (row.data_resource_id, row.structure_resource_id) == (old["register_data"], old["register_structure"])


def test_a_deleted_register_file_is_added_anew_not_taken_from_the_data(world, adopted_the_old_way):
    old = adopted_the_old_way
    call_action("resource_delete", context={"user": world["sysadmin"]["name"]}, id=old["register_data"])
    assert register_dataset.regenerate(world["finance"]["id"], force=True) is True
    now = resources("registry")
    assert now[old["links"]]["url"] == "https://data.example/registry-links.csv"
    added = set(now) - set(world["before"])
    assert len(added) == 1
    new = now[added.pop()]
    assert new["resource_role"] == "data" and "Бюджет громади" in content(new)
    assert model.Session.get(RegisterDataset, world["finance"]["id"]).data_resource_id == new["id"]
