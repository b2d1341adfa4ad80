"""The `chervonohrad_dcat_ap` RDF profile: the 835 passport in DCAT-AP 3, on top of
ckanext-dcat's `euro_dcat_ap_3` (configured after it in `ckanext.dcat.rdf.profiles`).

The standard profile has written the dataset already; this one replaces what it wrote as
plain text where DCAT-AP 3 wants a term of an EU vocabulary (language, format, media type)
and adds the passport's own fields (dcat/export.py), then types the vocabulary terms it used
so that the DCAT-AP 3 SHACL range shapes can check them without the vocabularies loaded.
"""
from __future__ import annotations

from typing import Any

from ckanext.dcat.profiles import RDFProfile

from ckanext.chervonohrad.dcat import export, parse


class ChervonohradDCATAPProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        export.dataset(self.g, dataset_dict, dataset_ref)

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        return parse.parse_passport(dataset_dict, self.g, dataset_ref)

    def graph_from_catalog(self, catalog_dict: dict[str, Any] | None, catalog_ref: Any) -> None:
        export.catalog(self.g, catalog_ref)
