"""Pages of the quality room: a dataset's quality tab."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import viewer_name

blueprint = Blueprint("chervonohrad_quality", __name__)


def _context() -> dict[str, Any]:
    return {"user": viewer_name()}


@blueprint.route("/dataset/<id>/quality")
def read(id: str):
    try:
        pkg_dict = tk.get_action("package_show")(_context(), {"id": id})
        quality = tk.get_action("chervonohrad_quality_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this dataset"))
    return tk.render("chervonohrad/quality/read.html", extra_vars={
        "pkg_dict": pkg_dict, "pkg": pkg_dict, "quality": quality, "dataset_type": pkg_dict["type"]})
