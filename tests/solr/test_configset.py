"""`ckan chervonohrad solr configset DIR`: the configset from the installed package, written for an
operator's own Solr, and a core created from it on the real Solr node."""
from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
import zipfile

import pytest
import requests

import ckan

from ckanext.chervonohrad.solr import check, configset
from tests.solr.helpers import (
    create_core,
    new_core_name,
    solr_base,
    solr_home,
    unload_core,
)

# The name CKAN gives its schema: the installed version's (ckan-2.12, ckan-2.11).
INSTALLED_SCHEMA = "ckan-" + ckan.__version__.rsplit(".", 1)[0]
CONF = ["mapping-uk.txt", "protwords.txt", "schema.xml", "solrconfig.xml", "synonyms.txt"]


@pytest.fixture
def configset_cmd(chervonohrad):
    """`ckan chervonohrad solr configset ARGS` (in this process: see tests/solr/conftest.py)."""
    return lambda *args: chervonohrad("solr", "configset", *args)


def test_writes_a_complete_configset_and_says_what_next(configset_cmd, tmp_path):
    dest = tmp_path / "configset"
    done = configset_cmd(str(dest))
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(dest)) == ["conf"]
    assert sorted(os.listdir(dest / "conf")) == CONF
    schema = ET.parse(dest / "conf" / "schema.xml").getroot()
    assert (schema.get("name"), schema.get("version")) == (INSTALLED_SCHEMA, "1.6")
    assert schema.find(".//field[@name='quality_score']").get("type") == "pfloat"
    assert (dest / "conf" / "mapping-uk.txt").read_bytes() == configset.conf_file("mapping-uk.txt")
    assert f"Wrote the configset to {dest}/conf" in done.stdout
    assert f"bin/solr create -c ckan -d {dest}" in done.stdout
    assert f"bin/solr zk upconfig -n ckan-chervonohrad -d {dest}" in done.stdout
    assert "SOLR_MODULES=analysis-extras" in done.stdout
    assert "search-index rebuild" in done.stdout


def test_refuses_a_non_empty_directory_without_force(configset_cmd, tmp_path):
    dest = tmp_path / "configset"
    (dest / "conf").mkdir(parents=True)
    (dest / "conf" / "schema.xml").write_text("<schema name='mine'/>")
    done = configset_cmd(str(dest))
    assert done.returncode == 1
    assert f"Error: {dest} is not empty; use --force to write the configset over it" in done.stderr
    assert (dest / "conf" / "schema.xml").read_text() == "<schema name='mine'/>"


def test_force_writes_over_and_keeps_the_cores_other_files(configset_cmd, tmp_path):
    dest = tmp_path / "core"
    (dest / "conf").mkdir(parents=True)
    (dest / "conf" / "schema.xml").write_text("<schema name='mine'/>")
    (dest / "core.properties").write_text("name=ckan\n")
    done = configset_cmd("--force", str(dest))
    assert done.returncode == 0, done.stderr
    assert ET.parse(dest / "conf" / "schema.xml").getroot().get("name") == INSTALLED_SCHEMA
    assert (dest / "core.properties").read_text() == "name=ckan\n"


def test_an_empty_directory_needs_no_force(configset_cmd, tmp_path):
    dest = tmp_path / "empty"
    dest.mkdir()
    assert configset_cmd(str(dest)).returncode == 0
    assert sorted(os.listdir(dest / "conf")) == CONF


def test_a_file_in_the_way_is_refused(configset_cmd, tmp_path):
    dest = tmp_path / "a-file"
    dest.write_text("x")
    done = configset_cmd("--force", str(dest))
    assert done.returncode != 0
    assert "a-file" in done.stderr and "Traceback" not in done.stderr


def test_zip_for_the_configsets_api(configset_cmd, tmp_path):
    dest, archive = tmp_path / "configset", tmp_path / "ckan-chervonohrad.zip"
    done = configset_cmd("--zip", str(archive), str(dest))
    assert done.returncode == 0, done.stderr
    # The Configsets API wants solrconfig.xml at the archive's root.
    assert sorted(zipfile.ZipFile(archive).namelist()) == CONF
    assert f"--data-binary @{archive}" in done.stdout
    again = configset_cmd("--force", str(dest))
    assert again.returncode == 0
    refused = configset_cmd("--zip", str(archive), str(tmp_path / "other"))
    assert refused.returncode == 1 and "exists; use --force" in refused.stderr
    assert not (tmp_path / "other").exists()
    # Over a core's directory with --force: its other files stay out of the archive.
    (dest / "conf" / "managed-schema.xml").write_text("<schema/>")
    forced = configset_cmd("--force", "--zip", str(archive), str(dest))
    assert forced.returncode == 0, forced.stderr
    assert sorted(zipfile.ZipFile(archive).namelist()) == CONF


def test_a_schema_without_a_text_type_is_a_clear_error(tmp_path):
    broken = tmp_path / "schema.xml"
    broken.write_text("<schema name='ckan-2.11' version='1.6'><types/><fields/></schema>")
    with pytest.raises(configset.ConfigsetError, match="no `text` field type"):
        configset.write(str(tmp_path / "out"), str(broken))
    with pytest.raises(configset.ConfigsetError, match="not found"):
        configset.write(str(tmp_path / "out"), str(tmp_path / "missing.xml"))


def test_cloud_gives_the_replicas_a_numeric_version_and_a_core_keeps_ckans(configset_cmd, tmp_path):
    done = configset_cmd("--cloud", str(tmp_path / "cloud"))
    assert done.returncode == 0, done.stderr
    version = ET.parse(tmp_path / "cloud" / "conf" / "schema.xml").getroot().find(".//field[@name='_version_']")
    assert (version.get("type"), version.get("docValues")) == ("plong", "true")
    assert "write the configset with --cloud" in done.stdout

    configset_cmd(str(tmp_path / "core"))
    version = ET.parse(tmp_path / "core" / "conf" / "schema.xml").getroot().find(".//field[@name='_version_']")
    assert version.get("type") == "string"  # what an existing core's index holds

    with pytest.raises(configset.ConfigsetError, match="cannot also be the SolrCloud one"):
        configset.write(str(tmp_path / "both"), stock=True, cloud=True)
    without_long = tmp_path / "schema.xml"
    without_long.write_text("<schema name='ckan-2.11' version='1.6'><types><fieldType name='text' "
                            "class='solr.TextField'/></types><fields/></schema>")
    with pytest.raises(configset.ConfigsetError, match="no `plong` field type"):
        configset.write(str(tmp_path / "out"), str(without_long), cloud=True)


def test_stock_copies_ckans_schema_as_it_is(tmp_path):
    configset.write(str(tmp_path / "stock"), stock=True)
    with open(configset.default_ckan_schema_path(), "rb") as f:
        assert (tmp_path / "stock" / "conf" / "schema.xml").read_bytes() == f.read()


@pytest.fixture
def written_core(configset_cmd, ckan_config):
    """A core of our own, created on the shared node from a configset the command wrote."""
    base = solr_base(ckan_config["solr_url"])
    name = new_core_name()
    instance_dir = os.path.join(solr_home(base), name)
    done = configset_cmd(instance_dir)
    assert done.returncode == 0, done.stderr
    try:
        create_core(base, name, instance_dir)
        yield f"{base}/{name}"
    finally:
        unload_core(base, name)
    assert not os.path.exists(instance_dir)


def test_a_core_from_the_configset_passes_the_check_and_finds_ukrainian_forms(written_core, chervonohrad):
    assert check.check_core(written_core) == []
    done = chervonohrad("solr", "check", solr_url=written_core)
    assert done.returncode == 0, done.stderr

    doc = {"index_id": uuid.uuid4().hex, "id": uuid.uuid4().hex, "site_id": "test", "name": "zupynky",
           "title": "Зупинки громадського транспорту", "quality_score": 72.5}
    answer = requests.post(written_core + "/update", params={"commit": "true"}, json=[doc], timeout=30)
    assert answer.status_code == 200, answer.text

    def found(query: str) -> list[str]:
        body = requests.get(written_core + "/select", params={"q": query, "wt": "json"}, timeout=10).json()
        return [d["name"] for d in body["response"]["docs"]]

    assert found("зупинок") == ["zupynky"]
    assert found("title:зупинками") == ["zupynky"]
    assert found("водопостачання") == []
    assert found("quality_score:[70 TO 80]") == ["zupynky"]
