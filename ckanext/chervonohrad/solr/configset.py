"""The portal's Solr configset: a `conf/` directory with a schema derived from the schema.xml that
the installed CKAN ships, this package's solrconfig.xml and the Ukrainian analysis files.

`write(dest)` lays it out; `python -m ckanext.chervonohrad.solr.configset DEST [--stock] [--force]`
does the same without a CKAN configuration (scripts/services.sh uses it for the dev cores).

What the derivation changes (everything else, including the schema's name and version that CKAN
checks, stays as CKAN wrote it):
- the `text` field type (title, notes, the `text` catch-all, extras_* such as the passport's
  purpose, and everything copied into `text`) analyses Ukrainian: apostrophe variants folded
  (mapping-uk.txt), standard tokenisation, lower case, Ukrainian stop words, Morfologik
  lemmatisation with the ua.net.nlp dictionary, then the English Porter stemmer, which
  leaves Cyrillic alone, so English words still stem;
- resource names and descriptions use that type too (CKAN gives them an unstemmed one);
- `quality_score` is a float field, so results can be sorted by the dataset's quality score;
- for a SolrCloud collection (`cloud`), `_version_` is a long with docValues, as Solr's own
  configset has it: a replica reads the version of a document it already holds to order the
  updates its leader forwards, and cannot read CKAN's string `_version_` (every update of an
  indexed dataset failed on the replica and sent it into recovery, where it answered searches
  without the latest datasets). A standalone core keeps CKAN's type: its index already holds
  string versions, and Lucene refuses a field that changes type in an existing index.
Identifiers and codes (name, id, tags, organization, res_format, the `*` strings) keep
their exact string types.

The stop words and the dictionary are read from the classpath (Lucene's Morfologik module and
ua.net.nlp:morfologik-ukrainian-search), which a stock Solr 9 has in its `analysis-extras` module.
"""
from __future__ import annotations

import argparse
import os
import sys
import xml.etree.ElementTree as ET
import zipfile
from importlib import resources

UKRAINIAN_TEXT_TYPE = "text"
UKRAINIAN_TEXT_FIELDS = ("res_name", "res_description")
SCORE_FIELD = "quality_score"
SCORE_TYPE = "pfloat"
VERSION_FIELD = "_version_"
CLOUD_VERSION_TYPE = "plong"
# The files of conf/ that come from this package as they are (schema.xml is derived).
CONF_FILES = ("solrconfig.xml", "mapping-uk.txt", "protwords.txt", "synonyms.txt")
# Solr's module that holds the Morfologik filter and the Ukrainian dictionary.
SOLR_MODULE = "analysis-extras"


class ConfigsetError(Exception):
    """The configset cannot be written (message for the operator)."""


def analyzer(kind: str) -> ET.Element:
    element = ET.Element("analyzer", {"type": kind})
    ET.SubElement(element, "charFilter", {"class": "solr.MappingCharFilterFactory", "mapping": "mapping-uk.txt"})
    ET.SubElement(element, "tokenizer", {"class": "solr.StandardTokenizerFactory"})
    ET.SubElement(element, "filter", {"class": "solr.LowerCaseFilterFactory"})
    if kind == "query":
        ET.SubElement(element, "filter", {"class": "solr.SynonymGraphFilterFactory", "synonyms": "synonyms.txt",
                                          "ignoreCase": "true", "expand": "true"})
    ET.SubElement(element, "filter", {"class": "solr.StopFilterFactory", "ignoreCase": "true",
                                      "words": "org/apache/lucene/analysis/uk/stopwords.txt"})
    ET.SubElement(element, "filter", {"class": "solr.MorfologikFilterFactory",
                                      "dictionary": "ua/net/nlp/ukrainian.dict"})
    # Lemmas of proper names keep their capital letter in the dictionary.
    ET.SubElement(element, "filter", {"class": "solr.LowerCaseFilterFactory"})
    ET.SubElement(element, "filter", {"class": "solr.SnowballPorterFilterFactory", "language": "English",
                                      "protected": "protwords.txt"})
    ET.SubElement(element, "filter", {"class": "solr.RemoveDuplicatesTokenFilterFactory"})
    return element


def derive(schema: ET.ElementTree, *, cloud: bool = False) -> ET.ElementTree:
    """CKAN's schema (parsed; changed in place and returned) with the portal's changes; `cloud`
    for a SolrCloud collection."""
    root = schema.getroot()
    text_type = root.find(f".//fieldType[@name='{UKRAINIAN_TEXT_TYPE}']")
    if text_type is None:
        raise ConfigsetError("CKAN's schema has no `text` field type: cannot derive the Ukrainian schema")
    for old in text_type.findall("analyzer"):
        text_type.remove(old)
    text_type.append(analyzer("index"))
    text_type.append(analyzer("query"))
    for name in UKRAINIAN_TEXT_FIELDS:
        field = root.find(f".//field[@name='{name}']")
        if field is not None:
            field.set("type", UKRAINIAN_TEXT_TYPE)
    fields = root.find(".//fields")
    if fields is not None and root.find(f".//field[@name='{SCORE_FIELD}']") is None:
        # Numeric, so search results can be sorted by quality (the `*` catch-all is a string).
        fields.append(ET.Element("field", {"name": SCORE_FIELD, "type": SCORE_TYPE, "indexed": "true",
                                           "stored": "true", "docValues": "true"}))
    if cloud:
        numeric_version(root)
    return schema


def numeric_version(root: ET.Element) -> None:
    if root.find(f".//fieldType[@name='{CLOUD_VERSION_TYPE}']") is None:
        raise ConfigsetError(f"CKAN's schema has no `{CLOUD_VERSION_TYPE}` field type: "
                             f"cannot give SolrCloud a numeric `{VERSION_FIELD}`")
    version = root.find(f".//field[@name='{VERSION_FIELD}']")
    if version is None:
        fields = root.find(".//fields")
        version = ET.SubElement(fields if fields is not None else root, "field", {"name": VERSION_FIELD})
    version.attrib.update({"type": CLOUD_VERSION_TYPE, "indexed": "true", "stored": "true", "docValues": "true"})


def default_ckan_schema_path() -> str:
    """The schema.xml the installed CKAN ships."""
    import ckan

    return os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml")


def parse(path: str | None = None) -> ET.ElementTree:
    path = path or default_ckan_schema_path()
    try:
        return ET.parse(path)
    except FileNotFoundError:
        raise ConfigsetError(f"CKAN's Solr schema not found at {path}") from None
    except ET.ParseError as error:
        raise ConfigsetError(f"CKAN's Solr schema at {path} is not valid XML: {error}") from None


def derived(ckan_schema: str | None = None, *, cloud: bool = False) -> ET.ElementTree:
    """The portal's schema, derived from CKAN's (by default the installed CKAN's)."""
    return derive(parse(ckan_schema), cloud=cloud)


def conf_file(name: str) -> bytes:
    return resources.files(__package__).joinpath("conf", name).read_bytes()


def write(dest_dir: str, ckan_schema_path: str | None = None, *, force: bool = False,
          stock: bool = False, cloud: bool = False) -> list[str]:
    """Write the configset into `dest_dir` (`dest_dir/conf/…`) and return the paths written.
    A non-empty `dest_dir` is refused unless `force`; with `force` our files are written over
    and anything else (a core's data/, core.properties) is left alone. `stock` copies CKAN's
    schema unchanged (the dev cores that measure or serve stock CKAN); `cloud` is for a new
    SolrCloud collection (see the module's docstring)."""
    if stock and cloud:
        raise ConfigsetError("a stock schema is CKAN's unchanged; it cannot also be the SolrCloud one")
    if os.path.exists(dest_dir) and not os.path.isdir(dest_dir):
        raise ConfigsetError(f"{dest_dir} exists and is not a directory")
    if os.path.isdir(dest_dir) and os.listdir(dest_dir) and not force:
        raise ConfigsetError(f"{dest_dir} is not empty; use --force to write the configset over it")
    source = ckan_schema_path or default_ckan_schema_path()
    schema = parse(source) if stock else derived(source, cloud=cloud)
    conf = os.path.join(dest_dir, "conf")
    try:
        os.makedirs(conf, exist_ok=True)
        written = []
        for name in CONF_FILES:
            with open(os.path.join(conf, name), "wb") as out:
                out.write(conf_file(name))
            written.append(os.path.join(conf, name))
        target = os.path.join(conf, "schema.xml")
        if stock:
            # Byte for byte, comments and all: what a stock CKAN install's core holds.
            with open(source, "rb") as original, open(target, "wb") as out:
                out.write(original.read())
        else:
            ET.indent(schema)
            schema.write(target, encoding="UTF-8", xml_declaration=True)
        written.append(target)
    except OSError as error:
        raise ConfigsetError(f"cannot write the configset to {dest_dir}: {error}") from None
    return written


def check_zip_target(zip_path: str, *, force: bool = False) -> None:
    if os.path.isdir(zip_path):
        raise ConfigsetError(f"{zip_path} is a directory, not a zip file to write")
    if os.path.exists(zip_path) and not force:
        raise ConfigsetError(f"{zip_path} exists; use --force to replace it")


def write_zip(paths: list[str], zip_path: str, *, force: bool = False) -> str:
    """Zip the configset's files (as `write` returns them) at the archive's root, as Solr's
    Configsets API UPLOAD wants; files of a directory written over with --force stay out."""
    check_zip_target(zip_path, force=force)
    try:
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(paths, key=os.path.basename):
                archive.write(path, os.path.basename(path))
    except OSError as error:
        raise ConfigsetError(f"cannot write {zip_path}: {error}") from None
    return zip_path


def schema_identity(schema: ET.ElementTree) -> tuple[str, str]:
    """(name, version) of a schema: what CKAN's own schema check reads."""
    root = schema.getroot()
    return root.get("name", ""), root.get("version", "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the portal's Solr configset (DEST/conf/…).")
    parser.add_argument("dest")
    parser.add_argument("--ckan-schema", help="CKAN's schema.xml (default: the installed CKAN's)")
    parser.add_argument("--stock", action="store_true", help="CKAN's schema unchanged")
    parser.add_argument("--cloud", action="store_true", help="for a new SolrCloud collection")
    parser.add_argument("--force", action="store_true", help="write over a non-empty DEST")
    args = parser.parse_args(argv)
    try:
        write(args.dest, args.ckan_schema, force=args.force, stock=args.stock, cloud=args.cloud)
    except ConfigsetError as error:
        sys.exit(f"configset: {error}")


if __name__ == "__main__":
    main()

