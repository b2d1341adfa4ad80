"""Each supported CKAN version has its own pins, and the running one is installed as they say."""
from __future__ import annotations

import os
import re
from importlib import metadata

import pytest

import ckan

from tests import ROOT

SUPPORTED = ("2.12", "2.11")


def _read(path: str) -> str:
    with open(os.path.join(ROOT, path), encoding="utf-8") as file:
        return file.read()


def _names(path: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The distribution names a requirements file lists (following its -r includes)."""
    names: set[str] = set()
    for line in _read(path).splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            included = line[3:].strip()
            if included not in seen:
                names |= _names(included, seen | {path})
        elif line:
            names.add(_canonical(re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0]))
    return names


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(version: str) -> dict[str, str]:
    pins = {}
    for line in _read(os.path.join("constraints", f"ckan-{version}.txt")).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, pinned = line.partition("==")
            assert sep, f"constraints/ckan-{version}.txt: {line!r} is not pinned with =="
            pins[_canonical(name)] = pinned
    return pins


def test_a_constraints_file_per_supported_version_and_no_other():
    found = sorted(name for name in os.listdir(os.path.join(ROOT, "constraints")) if name.endswith(".txt"))
    assert found == sorted(f"ckan-{version}.txt" for version in SUPPORTED)
    lib = _read(os.path.join("scripts", "lib.sh"))
    assert f"SUPPORTED_CKAN=({' '.join(SUPPORTED)})" in lib
    ci = _read(os.path.join(".ci", "run"))
    assert all(f" {version}" in ci.split("for version in", 1)[1].split(";", 1)[0] for version in SUPPORTED)


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_requirement_is_pinned_for_each_version(version):
    pins = _pins(version)
    unpinned = (_names("dev-requirements.txt") | _names("requirements.txt")) - set(pins)
    assert not unpinned, f"constraints/ckan-{version}.txt does not pin {sorted(unpinned)}"
    assert pins["ckan"].rsplit(".", 1)[0] == version


def test_the_running_virtualenv_is_installed_as_its_constraints_say():
    version = ckan.__version__.rsplit(".", 1)[0]
    assert version in SUPPORTED, f"CKAN {ckan.__version__} is not a supported version"
    pins = _pins(version)
    differing = {}
    for name, pinned in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != pinned:
            differing[name] = (pinned, installed)
    assert not differing, f"pinned → installed: {differing}"
