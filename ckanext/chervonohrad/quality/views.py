"""Pages of the quality room: a dataset's quality tab, the public publisher rating, a
publisher's breakdown (with administrators' assessments), and the quarterly scorecard."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.helpers import page_language
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.quality import scorecard

blueprint = Blueprint("chervonohrad_quality", __name__)

# The assessment form's fields, as the error summary names them.
FIELD_LABELS = {"quarter": _n("Quarter"), "points": _n("Points"), "comment": _n("Comment")}


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else None}


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


@blueprint.route("/publishers/rating")
def rating():
    args = {k: tk.request.args[k] for k in ("sort", "order") if tk.request.args.get(k)}
    try:
        result = tk.get_action("chervonohrad_quality_publisher_rating")(_context(), args)
    except tk.ValidationError:
        result = tk.get_action("chervonohrad_quality_publisher_rating")(_context(), {})
    history = tk.get_action("chervonohrad_quality_snapshot_list")(_context(), {})
    council_history = [s for s in history if s["scope"] == "council"]
    return tk.render("chervonohrad/quality/rating.html", extra_vars={
        "rating": result, "history": council_history, "quarters": [s["quarter"] for s in council_history]})


def _assessments(id: str) -> list[dict[str, Any]] | None:
    try:
        return tk.get_action("chervonohrad_quality_assessment_list")(_context(), {"id": id})
    except tk.NotAuthorized:
        return None


@blueprint.route("/publishers/rating/<id>", methods=["GET", "POST"])
def publisher(id: str):
    errors: dict[str, list[str]] = {}
    form: dict[str, Any] = {}
    try:
        breakdown = tk.get_action("chervonohrad_quality_publisher_rating")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    status = 200
    if tk.request.method == "POST":
        form = {k: tk.request.form.get(k, "").strip() for k in ("quarter", "points", "comment")}
        try:
            tk.get_action("chervonohrad_quality_assessment_create")(_context(), dict(form, id=id))
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Only regional administrators may assess publishers"))
        except tk.ValidationError as error:
            errors, status = error.error_dict, 400
        else:
            tk.h.flash_success(tk._("The assessment has been recorded."))
            return tk.redirect_to("chervonohrad_quality.publisher", id=id)
    return tk.render("chervonohrad/quality/publisher.html", extra_vars={
        "breakdown": breakdown, "publisher": breakdown["publisher"], "history": breakdown["history"],
        "assessments": _assessments(id), "form": form or {"quarter": breakdown["quarter"]}, "errors": errors,
        "error_summary": {tk._(FIELD_LABELS.get(k, k)): ", ".join(v) for k, v in errors.items()},
    }), status


def _scorecard(quarter: str, fmt: str, id: str | None):
    try:
        tk.check_access("chervonohrad_quality_scorecard", _context(), {"id": id} if id else {})
        rows = tk.get_action("chervonohrad_quality_snapshot_list")(
            _context(), {"quarter": quarter, **({"id": id} if id else {})})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only regional administrators and the publisher's members may download "
                                  "its scorecard"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(m for messages in error.error_dict.values() for m in messages))
    if not rows:
        return tk.abort(404, tk._("There is no snapshot of quarter {quarter}").format(quarter=quarter))
    lang = page_language()
    assessments = tk.get_action("chervonohrad_quality_assessment_list")(
        _context(), {"quarter": quarter, **({"id": id} if id else {})})
    sheets = scorecard.sheets(rows, assessments, lang)
    name = f"scorecard-{id + '-' if id else ''}{quarter}"
    if fmt == "csv":
        body = tables.to_csv(*scorecard.flat(sheets), bom=True)
        return Response(body, mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(tables.to_xlsx(sheets), mimetype=tables.XLSX_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


@blueprint.route("/publishers/rating/scorecard/<quarter>.<any(csv, xlsx):fmt>")
def council_scorecard(quarter: str, fmt: str):
    return _scorecard(quarter, fmt, None)


@blueprint.route("/publishers/rating/<id>/scorecard/<quarter>.<any(csv, xlsx):fmt>")
def publisher_scorecard(id: str, quarter: str, fmt: str):
    return _scorecard(quarter, fmt, id)
