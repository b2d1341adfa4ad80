"""Scores beside search results, for the badge in the dataset list."""
from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.chervonohrad.quality.model import DatasetScore


def with_scores(search_results: dict[str, Any]) -> dict[str, Any]:
    """Each search result carries its stored score and band (one query per page of results)."""
    results = search_results.get("results") or []
    ids = [r["id"] for r in results if isinstance(r, dict) and "id" in r]
    if not ids:
        return search_results
    stored = dict(model.Session.query(DatasetScore.package_id, DatasetScore)
                  .filter(DatasetScore.package_id.in_(ids)))
    for result in results:
        row = stored.get(result.get("id")) if isinstance(result, dict) else None
        if row is not None:
            result["quality_score"], result["quality_band"] = row.score, row.band
    return search_results
