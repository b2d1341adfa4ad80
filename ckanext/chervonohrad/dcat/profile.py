"""The `chervonohrad_dcat_ap` RDF profile: the 835 passport in DCAT-AP 3, on top of
ckanext-dcat's `euro_dcat_ap_3` (configured after it in `ckanext.dcat.rdf.profiles`)."""
from __future__ import annotations

from typing import Any

from ckanext.dcat.profiles import RDFProfile


class ChervonohradDCATAPProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        pass

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        return dataset_dict
