"""The DCAT-AP 3 SHACL check the suite applies (tests/data/shacl/README.txt says which files)."""
from __future__ import annotations

import functools
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import SH

SHAPES = Path(__file__).resolve().parent.parent / "data" / "shacl"
FILES = ("dcat-ap-3.0.1-shapes.ttl", "dcat-ap-3.0.1-range.ttl", "dcat-ap-3.0.1-shapes_recommended.ttl")


@functools.cache
def shapes() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in FILES:
        graph.parse(SHAPES / name)
    return graph


def violations(data: rdflib.Graph | str) -> list[str]:
    """Each violation (not warnings) as «focus node, path: message»."""
    graph = rdflib.Graph().parse(data=data, format="turtle") if isinstance(data, str) else data
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes(), allow_warnings=True)
    return sorted(f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: "
                  f"{report.value(r, SH.resultMessage)}" for r in report.subjects(SH.resultSeverity, SH.Violation))
