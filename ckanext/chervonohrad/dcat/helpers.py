"""Template helpers of the dcat room: a dataset's MQA points for the quality tab."""
from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.registry import helper
from ckanext.chervonohrad.dcat import mqa
from ckanext.chervonohrad.passport import vocabularies

log = logging.getLogger(__name__)
LICENCES = Path(__file__).resolve().parent.parent / "data" / "licenses.json"
# The DCAT-AP 3 SHACL shapes the package ships (core constraints and value classes; see
# shacl/SOURCE.txt; without them compliance is «not checked»). pyshacl on one dataset's graph
# takes about 0.03 s against them, so the page may validate; results are kept per modification.
SHAPES = Path(__file__).resolve().parent / "shacl" / "dcat-ap-3.0.1-shapes.ttl"
RANGES = SHAPES.with_name("dcat-ap-3.0.1-range.ttl")


@lru_cache(maxsize=1)
def _format_flags() -> dict[str, dict[str, Any]]:
    return {code.upper(): item for code, item in vocabularies.keyed("formats").items()}


@lru_cache(maxsize=1)
def _known_licences() -> tuple[str, ...]:
    return tuple(item["url"] for item in json.loads(LICENCES.read_text(encoding="utf-8")) if item.get("url"))


def _reachable(pkg_dict: dict[str, Any]) -> dict[str, bool]:
    """URL → whether its last link check passed. The quality room keeps the checks and comes
    later in the flow, so it is asked by name (its helper), never imported."""
    links_of = tk.h.get("chervonohrad_quality_links")
    links = links_of(pkg_dict) if links_of else {}
    by_url: dict[str, bool] = {}
    for resource in pkg_dict.get("resources") or []:
        check = links.get(resource.get("id")) or {}
        for url in {resource.get("url"), check.get("url")} - {None, ""}:
            by_url[str(url)] = bool(check.get("ok"))
    return by_url


def graph_of(pkg_dict: dict[str, Any]):
    """The dataset's DCAT graph as the export writes it (the configured profiles), and its node."""
    from ckanext.dcat.processors import RDFSerializer  # imported here: ckanext-dcat loads its profiles on import

    serializer = RDFSerializer()
    node = serializer.graph_from_dataset(pkg_dict)
    return serializer.g, node


@lru_cache(maxsize=4)
def _shapes(path: Path):
    from rdflib import Graph

    graph = Graph().parse(path)
    if path == SHAPES and RANGES.is_file():
        graph.parse(RANGES)
    return graph


@lru_cache(maxsize=512)
def _conforms(dataset_id: str, modified: str, turtle: str, path: Path) -> bool:
    """Whether the graph passes the shapes; keyed by the dataset's modification so a page
    view validates a dataset once per change."""
    import pyshacl
    from rdflib import Graph

    conforms, _, _ = pyshacl.validate(Graph().parse(data=turtle, format="turtle"), shacl_graph=_shapes(path))
    return bool(conforms)


def compliance(graph, pkg_dict: dict[str, Any], shapes: Path | None = None) -> bool | None:
    path = shapes or SHAPES
    if not path.is_file():
        return None
    return _conforms(str(pkg_dict.get("id")), str(pkg_dict.get("metadata_modified")),
                     graph.serialize(format="turtle"), path)


def view_model(assessment: mqa.Assessment) -> dict[str, Any]:
    return {
        "points": round(assessment.points, 1), "max_points": assessment.max_points,
        "rating": assessment.rating, "rating_label": assessment.rating_label,
        "compliance_checked": assessment.compliance_checked,
        "dimensions": [{
            "key": d.key, "label": d.label, "points": round(d.points, 1), "max_points": d.max_points,
            "indicators": [{"key": i.key, "label": i.label, "points": i.points, "max_points": i.max_points}
                           for i in d.indicators],
        } for d in assessment.dimensions],
    }


@helper
def chervonohrad_dcat_mqa(pkg_dict: dict[str, Any], dcat_ap_compliant: bool | None = None) -> dict[str, Any] | None:
    """A dataset's MQA points per dimension (405 at most), or None when its graph cannot be made.

    DCAT-AP compliance: the caller's answer if given, else pyshacl against SHAPES when the
    package ships them, else 0 points and the page says it was not checked."""
    try:
        graph, node = graph_of(pkg_dict)
        if dcat_ap_compliant is None:
            dcat_ap_compliant = compliance(graph, pkg_dict)
        assessment = mqa.assess(graph, node, reachable=_reachable(pkg_dict), dcat_ap_compliant=dcat_ap_compliant,
                                format_flags=_format_flags(), known_licences=_known_licences())
    except Exception:  # old content the profiles cannot read must not take the quality tab down
        log.exception("MQA view of dataset %s failed", pkg_dict.get("id"))
        return None
    return view_model(assessment)
