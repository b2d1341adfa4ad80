"""The passport's codes and the EU vocabularies DCAT-AP 3 asks for, as tables (both ways).

Sources of the URIs: the EU Publications Office's authority tables
(http://publications.europa.eu/resource/authority/…): `frequency`, `language`, `data-theme`
and `file-type`; IANA's media type registry for `dcat:mediaType`. The theme mapping is this
project's reading of data.gov.ua's 12 topics (data/topics.yaml) against the 13 EU data themes:
each topic goes to the theme whose scope note covers it (budget and taxes are GOVE, as the EU
theme «Government and public sector» names public finance). The frequency mapping follows the
codes' meaning: «immediately after making changes» is IRREG (updates come when things change,
not on a schedule), «more than once a day» is CONT.

Pure: no CKAN imports, so the export, the parser and the MQA view read the same tables.
"""
from __future__ import annotations

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"

FREQUENCY = {
    "more than once a day": "CONT",
    "once a day": "DAILY",
    "once a week": "WEEKLY",
    "once a month": "MONTHLY",
    "once a quarter": "QUARTERLY",
    "once a half year": "ANNUAL_2",
    "once a year": "ANNUAL",
    "immediately after making changes": "IRREG",
    "no longer updated": "NEVER",
}

LANGUAGE = {"uk": "UKR", "en": "ENG", "crh": "CRH", "pl": "POL", "de": "DEU", "mul": "MUL"}

THEME = {
    "derzhava": "GOVE",
    "podatky": "GOVE",
    "ekonomika": "ECON",
    "energetyka": "ENER",
    "transport": "TRAN",
    "ekolohiia": "ENVI",
    "molod-i-sport": "EDUC",
    "okhorona-zdorovia": "HEAL",
    "rehionalnyi-rozvytok": "REGI",
    "sotsialnyi-zakhyst": "SOCI",
    "finansy": "ECON",
    "iustytsiia": "JUST",
}

# data.gov.ua's topics are its CKAN groups; a group's page is the topic's URI.
TOPIC_SCHEME = "https://data.gov.ua/group/"

# The EU themes' English labels (their skos:prefLabel in the authority table).
THEME_LABEL = {
    "ECON": "Economy and finance", "EDUC": "Education, culture and sport", "ENER": "Energy",
    "ENVI": "Environment", "GOVE": "Government and public sector", "HEAL": "Health",
    "JUST": "Justice, legal system and public safety", "REGI": "Regions and cities",
    "SOCI": "Population and society", "TRAN": "Transport",
}

# The portal's format code (data/formats.yaml) → (EU file-type code or None, IANA media type or None).
FORMAT = {
    "CSV": ("CSV", "text/csv"),
    "TSV": ("TSV", "text/tab-separated-values"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "XLS": ("XLS", "application/vnd.ms-excel"),
    "XLSB": (None, "application/vnd.ms-excel.sheet.binary.macroEnabled.12"),
    "ODS": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "PARQUET": ("PARQUET", "application/vnd.apache.parquet"),
    "DBF": ("DBF", None),
    "MDB": ("MDB", None),
    "SQL": ("SQL", "application/sql"),
    "JSON": ("JSON", "application/json"),
    "XML": ("XML", "application/xml"),
    "YAML": ("YAML", "application/yaml"),
    "RDF": ("RDF_XML", "application/rdf+xml"),
    "TTL": ("RDF_TURTLE", "text/turtle"),
    "JSON-LD": ("JSON_LD", "application/ld+json"),
    "NetCDF": ("NETCDF", "application/netcdf"),
    "ICS": ("ICS", "text/calendar"),
    "RSS": ("RSS", "application/rss+xml"),
    "GeoJSON": ("GEOJSON", "application/geo+json"),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"),
    "KMZ": ("KMZ", "application/vnd.google-earth.kmz"),
    "SHP": ("SHP", None),
    "GML": ("GML", "application/gml+xml"),
    "GPKG": ("GPKG", "application/geopackage+sqlite3"),
    "WMS": ("WMS_SRVC", None),
    "WFS": ("WFS_SRVC", None),
    "GTFS": ("GTFS", None),
    "API": (None, None),
    "PDF": ("PDF", "application/pdf"),
    "DOC": ("DOC", "application/msword"),
    "DOCX": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "ODT": ("ODT", "application/vnd.oasis.opendocument.text"),
    "RTF": ("RTF", "application/rtf"),
    "TXT": ("TXT", "text/plain"),
    "HTML": ("HTML", "text/html"),
    "PPTX": ("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "ODP": ("ODP", "application/vnd.oasis.opendocument.presentation"),
    "JPEG": ("JPEG", "image/jpeg"),
    "PNG": ("PNG", "image/png"),
    "TIFF": ("TIFF", "image/tiff"),
    "ZIP": ("ZIP", "application/zip"),
    "GZ": ("GZIP", "application/gzip"),
    "RAR": ("RAR", "application/vnd.rar"),
    "7Z": ("7Z", "application/x-7z-compressed"),
    "TAR": ("TAR", "application/x-tar"),
}

_FORMAT_BY_UPPER = {code.upper(): code for code in FORMAT}


def _format(fmt: str | None) -> tuple[str | None, str | None]:
    return FORMAT.get(_FORMAT_BY_UPPER.get((fmt or "").strip().upper(), ""), (None, None))


def _uri(table: str, code: str | None) -> str | None:
    return f"{EU}{table}/{code}" if code else None


def _code(table: str, mapping: dict[str, str], uri: str | None) -> str | None:
    """The portal's code of an EU URI (the first one listed, where two codes share a URI)."""
    prefix = f"{EU}{table}/"
    if not uri or not str(uri).startswith(prefix):
        return None
    wanted = str(uri)[len(prefix):]
    return next((ours for ours, theirs in mapping.items() if theirs == wanted), None)


def frequency_uri(code: str | None) -> str | None:
    return _uri("frequency", FREQUENCY.get(code or ""))


def frequency_code(uri: str | None) -> str | None:
    return _code("frequency", FREQUENCY, uri)


def language_uri(code: str | None) -> str | None:
    return _uri("language", LANGUAGE.get((code or "").lower()))


def language_code(uri: str | None) -> str | None:
    return _code("language", LANGUAGE, uri)


def theme_uri(topic: str | None) -> str | None:
    return _uri("data-theme", THEME.get(topic or ""))


def theme_label(uri: str | None) -> str | None:
    return THEME_LABEL.get(str(uri or "").rsplit("/", 1)[-1]) if uri else None


def theme_topic(uri: str | None) -> str | None:
    return _code("data-theme", THEME, uri)


def topic_uri(topic: str | None) -> str | None:
    """The topic as data.gov.ua's own group: exported as a second theme beside the EU one, since
    several topics share an EU theme and a harvest would not know which of them was meant."""
    return TOPIC_SCHEME + topic if topic else None


def file_type_uri(fmt: str | None) -> str | None:
    return _uri("file-type", _format(fmt)[0])


def media_type_uri(fmt: str | None) -> str | None:
    media = _format(fmt)[1]
    return IANA + media if media else None


def format_code(file_type: str | None = None, media_type: str | None = None) -> str | None:
    """The portal's format from an EU file-type URI, else from a media type (URI or bare)."""
    prefix = f"{EU}file-type/"
    if file_type and str(file_type).startswith(prefix):
        wanted = str(file_type)[len(prefix):]
        found = next((ours for ours, (theirs, _) in FORMAT.items() if theirs == wanted), None)
        if found:
            return found
    media = str(media_type or "").removeprefix(IANA).lower()
    return next((ours for ours, (_, theirs) in FORMAT.items() if theirs and theirs.lower() == media), None) \
        if media else None


def in_file_type_vocabulary(uri: str | None) -> bool:
    """Whether a format is given as a term of the EU file-type vocabulary."""
    return bool(uri) and str(uri).startswith(f"{EU}file-type/")
