#!/usr/bin/env python
"""Derives the portal's Solr schema from the schema.xml that the installed CKAN ships.

Usage: derive_schema.py CKAN_SCHEMA OUT_SCHEMA

What changes (everything else, including the schema's name and version that CKAN checks,
stays as CKAN wrote it):
- the `text` field type (title, notes, the `text` catch-all, extras_* such as the passport's
  purpose, and everything copied into `text`) analyses Ukrainian: apostrophe variants folded
  (mapping-uk.txt), standard tokenisation, lower case, Ukrainian stop words, Morfologik
  lemmatisation with the ua.net.nlp dictionary, then the English Porter stemmer, which
  leaves Cyrillic alone, so English words still stem;
- resource names and descriptions use that type too (CKAN gives them an unstemmed one);
- `quality_score` is a float field, so results can be sorted by the dataset's quality score.
Identifiers and codes (name, id, tags, organization, res_format, the `*` strings) keep
their exact string types.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

UKRAINIAN_TEXT_FIELDS = ("res_name", "res_description")


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


def derive(schema: ET.ElementTree) -> ET.ElementTree:
    root = schema.getroot()
    text_type = root.find(".//fieldType[@name='text']")
    if text_type is None:
        raise SystemExit("CKAN's schema has no `text` field type: cannot derive the Ukrainian schema")
    for old in text_type.findall("analyzer"):
        text_type.remove(old)
    text_type.append(analyzer("index"))
    text_type.append(analyzer("query"))
    for name in UKRAINIAN_TEXT_FIELDS:
        field = root.find(f".//field[@name='{name}']")
        if field is not None:
            field.set("type", "text")
    fields = root.find(".//fields")
    if fields is not None and root.find(".//field[@name='quality_score']") is None:
        # Numeric, so search results can be sorted by quality (the `*` catch-all is a string).
        fields.append(ET.Element("field", {"name": "quality_score", "type": "pfloat", "indexed": "true",
                                           "stored": "true", "docValues": "true"}))
    return schema


def main() -> None:
    source, target = sys.argv[1:3]
    schema = derive(ET.parse(source))
    ET.indent(schema)
    schema.write(target, encoding="UTF-8", xml_declaration=True)


if __name__ == "__main__":
    main()
