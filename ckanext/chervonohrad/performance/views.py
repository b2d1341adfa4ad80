"""Pages of the performance room: the public publisher rating (of the whole oblast or one
hromada), the oblast overview of hromadas, a publisher's breakdown (with administrators'
assessments), and the quarterly scorecard."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.hromada.filters import hromada_page_vars, invalid_filter, requested_hromada
from ckanext.chervonohrad.news import measure as news_measure
from ckanext.chervonohrad.performance import oblast, scorecard
from ckanext.chervonohrad.performance import rating as rating_

blueprint = Blueprint("chervonohrad_performance", __name__)

# The assessment form's fields, as the error summary names them.
FIELD_LABELS = {"quarter": _n("Quarter"), "points": _n("Points"), "comment": _n("Comment")}


def _context() -> dict[str, Any]:
    return {"user": viewer_name()}


@blueprint.route("/publishers/rating")
def rating():
    hromada = requested_hromada()
    chosen = {"hromada": hromada} if hromada else {}
    args = dict(chosen, **{k: tk.request.args[k] for k in ("sort", "order") if tk.request.args.get(k)})
    action = tk.get_action("chervonohrad_performance_publisher_rating")
    try:
        result = action(_context(), args)
    except tk.ValidationError as error:
        if "hromada" in error.error_dict:
            return invalid_filter(error)
        result = action(_context(), chosen)  # a bad sort falls back to the default order
    hromada = result["hromada"]  # as validated (upper case)
    history = tk.get_action("chervonohrad_performance_snapshot_list")(
        _context(), {"hromada": hromada} if hromada else {})
    totals_scope = rating_.hromada_scope(hromada) if hromada else rating_.COUNCIL
    totals_history = [s for s in history if s["scope"] == totals_scope]
    return tk.render("chervonohrad/performance/rating.html", extra_vars={
        "rating": result, "history": totals_history, "quarters": [s["quarter"] for s in totals_history],
        **hromada_page_vars(hromada)})


def _overview_args() -> dict[str, str]:
    args = {k: tk.request.args[k] for k in ("sort", "order") if tk.request.args.get(k)}
    return dict(args, lang=page_language())


def _overview() -> dict[str, Any]:
    action = tk.get_action("chervonohrad_performance_oblast_overview")
    try:
        return action(_context(), _overview_args())
    except tk.ValidationError:  # a bad sort falls back to the default order
        return action(_context(), {"lang": page_language()})


@blueprint.route("/hromadas")
def oblast_overview():
    return tk.render("chervonohrad/performance/oblast.html", extra_vars={"overview": _overview()})


@blueprint.route("/hromadas.csv")
def oblast_overview_csv():
    result = _overview()
    body = tables.to_csv(*oblast.csv_table(result, page_language()), bom=True)
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="hromadas-{result["quarter"]}.csv"'})


def _assessments(id: str) -> list[dict[str, Any]] | None:
    try:
        return tk.get_action("chervonohrad_performance_assessment_list")(_context(), {"id": id})
    except tk.NotAuthorized:
        return None


@blueprint.route("/publishers/rating/<id>", methods=["GET", "POST"])
def publisher(id: str):
    errors: dict[str, list[str]] = {}
    form: dict[str, Any] = {}
    try:
        breakdown = tk.get_action("chervonohrad_performance_publisher_rating")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    status = 200
    if tk.request.method == "POST":
        form = {k: tk.request.form.get(k, "").strip() for k in ("quarter", "points", "comment")}
        try:
            tk.get_action("chervonohrad_performance_assessment_create")(_context(), dict(form, id=id))
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Only regional administrators and the council officers of the publisher's "
                                      "hromada may assess it"))
        except tk.ValidationError as error:
            errors, status = error.error_dict, 400
        else:
            tk.h.flash_success(tk._("The assessment has been recorded."))
            return tk.redirect_to("chervonohrad_performance.publisher", id=id)
    return tk.render("chervonohrad/performance/publisher.html", extra_vars={
        "breakdown": breakdown, "publisher": breakdown["publisher"], "history": breakdown["history"],
        "assessments": _assessments(id), "form": form or {"quarter": breakdown["quarter"]}, "errors": errors,
        "error_summary": {tk._(FIELD_LABELS.get(k, k)): ", ".join(v) for k, v in errors.items()},
    }), status


def _as_totals(rows: list[dict[str, Any]], hromada: str | None) -> list[dict[str, Any]]:
    """A hromada's scorecard: its totals take the place of the whole oblast's."""
    if not hromada:
        return rows
    scope = rating_.hromada_scope(hromada)
    return [dict(r, scope=rating_.COUNCIL) if r["scope"] == scope else r for r in rows]


def _scorecard(quarter: str, fmt: str, id: str | None):
    # A download has no default hromada: the whole oblast unless ?hromada= names one.
    hromada = None if id else requested_hromada(default_to_own=False)
    filters = {"id": id} if id else {"hromada": hromada} if hromada else {}
    try:
        tk.check_access("chervonohrad_performance_scorecard", _context(), filters)
        rows = tk.get_action("chervonohrad_performance_snapshot_list")(_context(), dict(filters, quarter=quarter))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    except tk.ValidationError as error:
        return invalid_filter(error)
    if not rows:
        return tk.abort(404, tk._("There is no snapshot of quarter {quarter}").format(quarter=quarter))
    lang = page_language()
    assessments = tk.get_action("chervonohrad_performance_assessment_list")(
        _context(), {"quarter": quarter, **({"id": id} if id else {})})
    hromada = hromada and hromada.upper()
    news = None if id else news_measure.quarter_count(quarter, hromada)  # the council's row only
    sheets = scorecard.sheets(_as_totals(rows, hromada), assessments, lang, news)
    name = f"scorecard-{id or hromada}-{quarter}" if id or hromada else f"scorecard-{quarter}"
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
