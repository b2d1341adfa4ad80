"""Every string this extension adds exists in Ukrainian and English."""
from __future__ import annotations

import os
import subprocess
import sys

import polib
import pytest
import yaml

from tests import PACKAGE, ROOT

I18N = os.path.join(PACKAGE, "i18n")


def extracted(tmp_path) -> set[str]:
    """This package's strings and ckanext-harvest's, as `make i18n-extract` gathers them."""
    pot = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "i18n_extract.py"), str(pot)],
                   cwd=ROOT, check=True, capture_output=True)
    return {entry.msgid for entry in polib.pofile(str(pot))}


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_source_string_is_translated(tmp_path, lang):
    catalogue = polib.pofile(os.path.join(I18N, lang, "LC_MESSAGES", "ckanext-chervonohrad.po"))
    translated = {
        e.msgid for e in catalogue
        if (e.msgstr or (e.msgstr_plural and all(e.msgstr_plural.values())))
        and not e.obsolete and "fuzzy" not in e.flags
    }
    assert extracted(tmp_path) - translated == set()


def test_ukrainian_differs_from_the_english_source():
    catalogue = polib.pofile(os.path.join(I18N, "uk", "LC_MESSAGES", "ckanext-chervonohrad.po"))
    same = [e.msgid for e in catalogue if e.msgstr == e.msgid and e.msgid not in ("API", "URL")]
    assert same == []


def labelled(node):
    """Every {uk, en} label dict inside a schema or data file."""
    if isinstance(node, dict):
        if set(node) >= {"uk", "en"} and all(isinstance(v, str) for v in node.values()):
            yield node
        else:
            for value in node.values():
                yield from labelled(value)
    elif isinstance(node, list):
        for value in node:
            yield from labelled(value)


@pytest.mark.parametrize("path", [
    "schemas/dataset.yaml", "schemas/organization.yaml", "schemas/showcase.yaml", "data/showcase_kinds.yaml",
    "data/update_frequencies.yaml", "data/languages.yaml",
    "data/topics.yaml", "data/publisher_types.yaml", "data/resource_roles.yaml", "data/list835.yaml",
    "data/list835_sections.yaml", "data/formats.yaml",
])
def test_yaml_labels_have_both_languages(path):
    with open(os.path.join(PACKAGE, path), encoding="utf-8") as f:
        document = yaml.safe_load(f)
    labels = list(labelled(document))
    assert labels
    for label in labels:
        assert label["uk"].strip() and label["en"].strip(), label


def test_every_schema_field_has_a_bilingual_label():
    with open(os.path.join(PACKAGE, "schemas", "dataset.yaml"), encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    for field in schema["dataset_fields"] + schema["resource_fields"]:
        assert isinstance(field["label"], dict) and {"uk", "en"} <= set(field["label"]), field["field_name"]
