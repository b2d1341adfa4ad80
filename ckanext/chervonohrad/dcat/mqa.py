"""A dataset's points by the EU Metadata Quality Assessment (MQA) method, read from its DCAT graph.

The method is data.europa.eu's (https://data.europa.eu/mqa/methodology; the data provider
manual's «Metadata quality dashboard», https://dataeuropa.gitlab.io/data-provider-manual/
metadata-quality-dashboard/): five dimensions derived from FAIR — findability 100,
accessibility 100, interoperability 110, reusability 75, contextuality 20, 405 in all — and four
rating bands: excellent 351–405, good 221–350, sufficient 121–220, bad 0–120. The points per
indicator below were checked against that methodology as restated, with its weights, in
github.com/mjanez/ckan-mqa (README, «Metadata Quality Assessment Methodology»).

How one dataset is scored here (the EU tool scores catalogues; its per-dataset reading is):
- dataset-level indicators (keyword, theme, spatial, temporal, DCAT-AP compliance, access
  rights, contact point, publisher, issued, modified) give all or nothing;
- distribution-level indicators of accessibility, reusability and contextuality give their
  points times the share of distributions that meet them;
- interoperability counts only the distribution with the most points, as the methodology says
  («identical content with several distributions»).

Pure: the graph, the dataset's node, and what a graph cannot tell — which URLs answered (the
quality room's link checks, by URL) and whether the graph passed the DCAT-AP SHACL shapes — come
in as arguments, so tests, the helper and any batch job call the same function.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

from ckanext.chervonohrad.dcat import mapping

EU_LICENCE = f"{mapping.EU}licence/"
EU_ACCESS_RIGHT = f"{mapping.EU}access-right/"
IANA_PREFIXES = ("https://www.iana.org/assignments/media-types/", "http://www.iana.org/assignments/media-types/")

Label = dict[str, str]

DIMENSIONS: dict[str, Label] = {
    "findability": {"uk": "Знайдимість", "en": "Findability"},
    "accessibility": {"uk": "Доступність", "en": "Accessibility"},
    "interoperability": {"uk": "Інтероперабельність", "en": "Interoperability"},
    "reusability": {"uk": "Придатність до повторного використання", "en": "Reusability"},
    "contextuality": {"uk": "Контекст", "en": "Contextuality"},
}

# key → (dimension, max points, label): the MQA's indicator table, in its order.
INDICATORS: dict[str, tuple[str, int, Label]] = {
    "keyword": ("findability", 30, {"uk": "Ключові слова (dcat:keyword)", "en": "Keywords (dcat:keyword)"}),
    "theme": ("findability", 30, {"uk": "Категорії (dcat:theme)", "en": "Categories (dcat:theme)"}),
    "spatial": ("findability", 20, {"uk": "Просторове покриття (dct:spatial)", "en": "Geo search (dct:spatial)"}),
    "temporal": ("findability", 20, {"uk": "Часове покриття (dct:temporal)", "en": "Time-based search (dct:temporal)"}),
    "access_url_reachable": ("accessibility", 50, {
        "uk": "Посилання доступу відповідає (dcat:accessURL)", "en": "Access URL accessible (dcat:accessURL)"}),
    "download_url": ("accessibility", 20, {
        "uk": "Є посилання для завантаження (dcat:downloadURL)", "en": "Download URL given (dcat:downloadURL)"}),
    "download_url_reachable": ("accessibility", 30, {
        "uk": "Посилання для завантаження відповідає", "en": "Download URL accessible"}),
    "format": ("interoperability", 20, {"uk": "Формат (dct:format)", "en": "Format (dct:format)"}),
    "media_type": ("interoperability", 10, {"uk": "Тип медіа (dcat:mediaType)", "en": "Media type (dcat:mediaType)"}),
    "format_vocabulary": ("interoperability", 10, {
        "uk": "Формат і тип медіа зі словників", "en": "Format and media type from a vocabulary"}),
    "non_proprietary": ("interoperability", 20, {"uk": "Непропрієтарний формат", "en": "Non-proprietary format"}),
    "machine_readable": ("interoperability", 20, {"uk": "Машиночитаний формат", "en": "Machine-readable format"}),
    "dcat_ap_compliance": ("interoperability", 30, {"uk": "Відповідність DCAT-AP", "en": "DCAT-AP compliance"}),
    "licence": ("reusability", 20, {"uk": "Ліцензія (dct:license)", "en": "Licence (dct:license)"}),
    "licence_vocabulary": ("reusability", 10, {"uk": "Ліцензія зі словника", "en": "Licence from a vocabulary"}),
    "access_rights": ("reusability", 10, {
        "uk": "Умови доступу (dct:accessRights)", "en": "Access restrictions (dct:accessRights)"}),
    "access_rights_vocabulary": ("reusability", 5, {
        "uk": "Умови доступу зі словника", "en": "Access restrictions from a vocabulary"}),
    "contact_point": ("reusability", 20, {
        "uk": "Контактна особа (dcat:contactPoint)", "en": "Contact point (dcat:contactPoint)"}),
    "publisher": ("reusability", 10, {"uk": "Розпорядник (dct:publisher)", "en": "Publisher (dct:publisher)"}),
    "rights": ("contextuality", 5, {"uk": "Права (dct:rights)", "en": "Rights (dct:rights)"}),
    "byte_size": ("contextuality", 5, {"uk": "Розмір файлу (dcat:byteSize)", "en": "File size (dcat:byteSize)"}),
    "issued": ("contextuality", 5, {"uk": "Дата випуску (dct:issued)", "en": "Date of issue (dct:issued)"}),
    "modified": ("contextuality", 5, {"uk": "Дата зміни (dct:modified)", "en": "Modification date (dct:modified)"}),
}

# Lowest points of each band, best first.
RATINGS: tuple[tuple[str, int, Label], ...] = (
    ("excellent", 351, {"uk": "Відмінно", "en": "Excellent"}),
    ("good", 221, {"uk": "Добре", "en": "Good"}),
    ("sufficient", 121, {"uk": "Задовільно", "en": "Sufficient"}),
    ("bad", 0, {"uk": "Погано", "en": "Bad"}),
)
MAX_POINTS = sum(points for _, points, _ in INDICATORS.values())


@dataclass(frozen=True)
class Indicator:
    key: str
    points: float
    max_points: int
    label: Label


@dataclass(frozen=True)
class Dimension:
    key: str
    label: Label
    indicators: list[Indicator]

    @property
    def points(self) -> float:
        return sum(i.points for i in self.indicators)

    @property
    def max_points(self) -> int:
        return sum(i.max_points for i in self.indicators)


@dataclass(frozen=True)
class Assessment:
    dimensions: list[Dimension]
    compliance_checked: bool
    max_points: int = MAX_POINTS

    @property
    def points(self) -> float:
        return sum(d.points for d in self.dimensions)

    @property
    def rating(self) -> str:
        return rating(self.points)

    @property
    def rating_label(self) -> Label:
        return next(label for key, _, label in RATINGS if key == self.rating)


def rating(points: float) -> str:
    return next(key for key, lowest, _ in RATINGS if points >= lowest)


def _objects(graph: Graph, subject: Any, predicate: URIRef) -> list[Any]:
    return [o for o in graph.objects(subject, predicate) if not (isinstance(o, Literal) and not str(o).strip())]


def _has(graph: Graph, subject: Any, predicate: URIRef) -> bool:
    return bool(_objects(graph, subject, predicate))


def _starts(values: list[Any], prefixes: Collection[str]) -> bool:
    return any(isinstance(v, URIRef) and any(str(v).startswith(p) for p in prefixes) for v in values)


def _format_code(graph: Graph, distribution: Any) -> str | None:
    """The portal's format code of a distribution: from an EU file-type URI, a media type, or a
    plain format literal (what a profile writes for a format no vocabulary knows)."""
    formats = _objects(graph, distribution, DCTERMS.format)
    media = _objects(graph, distribution, DCAT.mediaType)
    for fmt in formats or [None]:
        code = mapping.format_code(str(fmt) if fmt is not None else None, str(media[0]) if media else None)
        if code:
            return code
    literal = next((str(f) for f in formats if isinstance(f, Literal)), None)
    return literal.strip().upper() if literal else None


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def _reached(url: Any, reachable: Mapping[str, bool]) -> bool:
    # Unknown (not yet checked) counts as not accessible: the MQA scores what it could fetch.
    return url is not None and bool(reachable.get(str(url)))


def _interoperability(graph: Graph, distribution: Any,
                      format_flags: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    formats = _objects(graph, distribution, DCTERMS.format)
    media = _objects(graph, distribution, DCAT.mediaType)
    in_vocabulary = [any(mapping.in_file_type_vocabulary(str(f)) for f in formats if isinstance(f, URIRef)),
                     _starts(media, IANA_PREFIXES)]
    flags = format_flags.get((_format_code(graph, distribution) or "").upper(), {})
    return {
        "format": 20.0 if formats else 0.0,
        "media_type": 10.0 if media else 0.0,
        "format_vocabulary": 10.0 * _share(in_vocabulary),
        "non_proprietary": 20.0 if flags.get("non_proprietary") else 0.0,
        "machine_readable": 20.0 if flags.get("machine_readable") else 0.0,
    }


def assess(graph: Graph, dataset: URIRef, *, reachable: Mapping[str, bool] | None = None,
           dcat_ap_compliant: bool | None = None, format_flags: Mapping[str, Mapping[str, Any]] | None = None,
           known_licences: Collection[str] = ()) -> Assessment:
    """The MQA points of `dataset` in `graph`.

    reachable: URL → whether it answered (link checks); a URL not in it is not accessible.
    dcat_ap_compliant: the SHACL result; None (not checked) gives no points and says so.
    format_flags: format code (upper case) → {machine_readable, non_proprietary}, as in
    data/formats.yaml. known_licences: licence URIs counted as «from a vocabulary» besides the EU
    licence authority table (the portal's own licence list).
    """
    reachable = reachable or {}
    format_flags = format_flags or {}
    distributions = list(graph.objects(dataset, DCAT.distribution))
    licence_prefixes = (EU_LICENCE, *known_licences)

    def licences(d: Any) -> list[Any]:
        return _objects(graph, d, DCTERMS.license) or _objects(graph, dataset, DCTERMS.license)

    def per_distribution(test) -> float:
        return _share([bool(test(d)) for d in distributions])

    rights = _objects(graph, dataset, DCTERMS.accessRights)
    interoperable = max((_interoperability(graph, d, format_flags) for d in distributions),
                        key=lambda points: sum(points.values()), default={})
    share: dict[str, float] = {
        "keyword": 1.0 if _has(graph, dataset, DCAT.keyword) else 0.0,
        "theme": 1.0 if _has(graph, dataset, DCAT.theme) else 0.0,
        "spatial": 1.0 if _has(graph, dataset, DCTERMS.spatial) else 0.0,
        "temporal": 1.0 if _has(graph, dataset, DCTERMS.temporal) else 0.0,
        "access_url_reachable": per_distribution(
            lambda d: any(_reached(u, reachable) for u in graph.objects(d, DCAT.accessURL))),
        "download_url": per_distribution(lambda d: _has(graph, d, DCAT.downloadURL)),
        "download_url_reachable": per_distribution(
            lambda d: any(_reached(u, reachable) for u in graph.objects(d, DCAT.downloadURL))),
        "dcat_ap_compliance": 1.0 if dcat_ap_compliant else 0.0,
        "licence": per_distribution(lambda d: bool(licences(d))),
        "licence_vocabulary": per_distribution(lambda d: _starts(licences(d), licence_prefixes)),
        "access_rights": 1.0 if rights else 0.0,
        "access_rights_vocabulary": 1.0 if _starts(rights, (EU_ACCESS_RIGHT,)) else 0.0,
        "contact_point": 1.0 if _has(graph, dataset, DCAT.contactPoint) else 0.0,
        "publisher": 1.0 if _has(graph, dataset, DCTERMS.publisher) else 0.0,
        "rights": per_distribution(lambda d: _has(graph, d, DCTERMS.rights)),
        "byte_size": per_distribution(lambda d: _has(graph, d, DCAT.byteSize)),
        "issued": 1.0 if _has(graph, dataset, DCTERMS.issued) else 0.0,
        "modified": 1.0 if _has(graph, dataset, DCTERMS.modified) else 0.0,
    }
    dimensions = []
    for dim_key, dim_label in DIMENSIONS.items():
        indicators = []
        for key, (dim, max_points, label) in INDICATORS.items():
            if dim != dim_key:
                continue
            points = interoperable.get(key, 0.0) if key in _INTEROPERABILITY_BY_BEST else share[key] * max_points
            indicators.append(Indicator(key, round(points, 2), max_points, label))
        dimensions.append(Dimension(dim_key, dim_label, indicators))
    return Assessment(dimensions, compliance_checked=dcat_ap_compliant is not None)


_INTEROPERABILITY_BY_BEST = frozenset(
    {"format", "media_type", "format_vocabulary", "non_proprietary", "machine_readable"})
