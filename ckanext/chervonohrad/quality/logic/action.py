"""API of the quality room: a dataset's score."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search

from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.quality import scoring
from ckanext.chervonohrad.quality.model import DatasetScore, ScoreHistory


@action
@tk.side_effect_free
def chervonohrad_quality_show(context, data_dict) -> dict[str, Any]:
    """A dataset's quality: score, band, whether it meets the recommendations, every
    indicator with its fix hint, and the history of the score.

    :param id: the dataset's id or name
    """
    tk.check_access("chervonohrad_quality_show", context, data_dict)
    dataset = tk.get_action("package_show")(context.copy(), {"id": tk.get_or_bust(data_dict, "id")})
    row = model.Session.get(DatasetScore, dataset["id"])
    if row is None:
        raise tk.ObjectNotFound(tk._("This dataset has not been scored yet"))
    history = (model.Session.query(ScoreHistory).filter_by(package_id=dataset["id"])
               .order_by(ScoreHistory.computed_at).all())
    return {
        "dataset": dataset["name"], "score": row.score, "band": row.band, "meets": row.meets,
        "on_time": row.on_time, "failed": row.failed, "indicators": row.indicators,
        "computed_at": row.computed_at.isoformat(),
        "history": [{"score": h.score, "band": h.band, "computed_at": h.computed_at.isoformat()} for h in history],
    }


@action
def chervonohrad_quality_rescore(context, data_dict) -> dict[str, Any]:
    """Score one dataset again now, with its stored link checks and structure reports, and
    re-index it when its score or band changed (the structure room's job calls this by name
    after it stores its reports). Sysadmins only.

    :param id: the dataset's id or name
    """
    tk.check_access("chervonohrad_quality_rescore", context, data_dict)
    pkg = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False},
                                        {"id": tk.get_or_bust(data_dict, "id")})
    current = model.Session.get(DatasetScore, pkg["id"])
    before = (current.score, current.band) if current is not None else None
    row = scoring.store(pkg)
    after = (row.score, row.band)
    model.Session.commit()
    if after != before:
        search.rebuild(pkg["id"])
    return {"dataset": pkg["name"], "score": row.score, "band": row.band, "changed": after != before}
