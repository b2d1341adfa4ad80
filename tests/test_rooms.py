"""The rooms' one-way flow (docs/design.md), read from the import graph: a room imports only
the rooms before it, never one after it."""
from __future__ import annotations

import ast
import os

import pytest

from tests import PACKAGE

# The order data flows through the rooms. `config` and `common` serve every room; the
# wiring (plugin, collect, cli, demo, migrations) may read any room.
FLOW = ("config", "common", "passport", "hromada", "registration", "structure", "dcat", "quality", "feedback",
        "showcase", "news", "materials", "performance", "reminders", "reports", "privacy", "adoption", "harvest",
        "solr", "home", "search", "schedule")
WIRING = {"plugin", "collect", "cli", "demo", "migration", "__init__"}
PREFIX = "ckanext.chervonohrad"


def _room(path: str) -> str:
    first = os.path.relpath(path, PACKAGE).split(os.sep)[0]
    return first[:-3] if first.endswith(".py") else first


def _imported_rooms(path: str) -> set[str]:
    """The rooms a module imports (at the top or inside a function: both are a dependency)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names] if node.module == PREFIX \
                else [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name.startswith(PREFIX + "."):
                found.add(name[len(PREFIX) + 1:].split(".")[0])
    return found


def _modules() -> list[str]:
    return [os.path.join(folder, name) for folder, _, files in os.walk(PACKAGE)
            for name in files if name.endswith(".py")]


def test_every_room_has_its_place_in_the_flow():
    rooms = {_room(path) for path in _modules()}
    assert rooms - WIRING <= set(FLOW), f"rooms missing from FLOW: {sorted(rooms - WIRING - set(FLOW))}"


@pytest.mark.parametrize("room", [r for r in FLOW if r != "config"])
def test_a_room_reads_only_the_rooms_before_it(room):
    earlier = set(FLOW[:FLOW.index(room) + 1])
    backwards = {}
    for path in _modules():
        if _room(path) == room:
            later = _imported_rooms(path) - earlier
            if later:
                backwards[os.path.relpath(path, PACKAGE)] = sorted(later)
    assert not backwards, f"{room} imports rooms after it: {backwards}"


def test_the_graph_reader_sees_a_backwards_import(tmp_path):
    """The check above can fail: a module importing a later room is reported."""
    module = tmp_path / "m.py"
    module.write_text(f"from {PREFIX}.performance import rating\nimport {PREFIX}.search.index\n")
    assert _imported_rooms(str(module)) == {"performance", "search"}
