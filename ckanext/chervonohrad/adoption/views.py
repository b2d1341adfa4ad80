"""The adoption report in the portal, for those who oversee publishers: /open-data/adoption
lists the publishers (of one hromada, or all the viewer oversees), a page at a time, each
with its own findings and how many datasets it has; /open-data/adoption/<publisher> lists
that publisher's datasets with theirs, a page at a time. Each has a CSV/XLSX download of
its rows (the publisher's: all its datasets).

Why two levels: the datasets' findings are computed from their dicts on request, so a page
never walks more than one page of one publisher's datasets, whatever the size of the
portal; the whole portal at once is `ckan chervonohrad adopt`'s work."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.adoption import portal, sheets
from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.hromada import access
from ckanext.chervonohrad.hromada.filters import hromada_page_vars, invalid_filter, requested_hromada

blueprint = Blueprint("chervonohrad_adoption", __name__)

PER_PAGE = 50
DOWNLOAD_PAGE = 1000


def _context() -> dict[str, Any]:
    return {"user": viewer_name()}


def _page() -> int:
    try:
        return max(int(tk.request.args.get("page", 1)), 1)
    except ValueError:
        return 1


def _refused() -> Any:
    return tk.abort(403, tk._("Only regional administrators and the council officers of a hromada may read the "
                              "adoption report of its publishers"))


def _report(data: dict[str, Any]) -> dict[str, Any]:
    return tk.get_action("chervonohrad_adoption_report")(_context(), data)


def _choices(hromada_vars: dict[str, Any]) -> dict[str, Any]:
    """The hromada selector offers a council officer only their own hromadas."""
    overseen = access.overseen_hromadas(_context()["user"])
    if overseen is None:
        return hromada_vars
    groups = [dict(group, hromadas=[c for c in group["hromadas"] if c["code"] in overseen])
              for group in hromada_vars["hromada_choices"]]
    return dict(hromada_vars, hromada_choices=[g for g in groups if g["hromadas"]])


def _attachment(body: Any, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _download(fmt: str, publisher_rows: list[dict], finding_rows: list[dict], name: str) -> Response:
    lang = page_language()
    if fmt == "csv":
        header, rows = sheets.findings_table(finding_rows, lang)
        return _attachment(tables.to_csv(header, rows, bom=True), "text/csv", f"{name}.csv")
    return _attachment(tables.to_xlsx(sheets.workbook_sheets(publisher_rows, finding_rows, lang)),
                       tables.XLSX_MIMETYPE, f"{name}.xlsx")


def _publisher_row(entry: dict[str, Any], datasets: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    row = {"publisher": entry["name"], "publisher_title": entry["title"], "hromada": entry.get("hromada") or "",
           "edrpou": entry.get("edrpou") or "", "publisher_type": entry.get("publisher_type") or "",
           "datasets": entry["datasets"], "mechanical": entry["mechanical"], "person": entry["person"],
           "datasets_fixable": None, "datasets_person": None}
    if datasets is not None:
        row["datasets_fixable"] = sum(1 for d in datasets if d["mechanical"])
        row["datasets_person"] = sum(1 for d in datasets if d["person"])
    return row


def _finding_rows(entry: dict[str, Any], dataset: dict[str, Any] | None) -> list[dict[str, Any]]:
    shown = dict(dataset, name=dataset["name"] or "", title=dataset["title"] or tk._("(a dataset you may not read)")) \
        if dataset else None
    return [sheets.finding_row(entry, shown, portal.as_finding(f)) for f in (dataset or entry)["findings"]]


@blueprint.route("/open-data/adoption")
def index():
    hromada = requested_hromada()
    data = {"offset": (_page() - 1) * PER_PAGE, "limit": PER_PAGE}
    if hromada:
        data["hromada"] = hromada
    try:
        result = _report(data)
    except tk.NotAuthorized:
        return _refused()
    except tk.ValidationError as error:
        return invalid_filter(error)
    return tk.render("chervonohrad/adoption/index.html", extra_vars={
        "report": result, "page": _page(), "pages": max(1, -(-result["total"] // PER_PAGE)),
        **_choices(hromada_page_vars(result["hromada"]))})


@blueprint.route("/open-data/adoption.<any(csv, xlsx):fmt>")
def index_export(fmt: str):
    hromada = requested_hromada(default_to_own=False)
    entries, offset = [], 0
    try:
        while True:
            result = _report(dict({"hromada": hromada} if hromada else {}, offset=offset, limit=DOWNLOAD_PAGE))
            entries += result["publishers"]
            offset += DOWNLOAD_PAGE
            if offset >= result["total"]:
                break
    except tk.NotAuthorized:
        return _refused()
    except tk.ValidationError as error:
        return invalid_filter(error)
    rows = [row for entry in entries for row in _finding_rows(entry, None)]
    return _download(fmt, [_publisher_row(e) for e in entries], rows,
                     f"adoption-{(result['hromada'] or 'oblast').upper()}")


@blueprint.route("/open-data/adoption/<publisher>")
def publisher(publisher: str):
    try:
        result = _report({"publisher": publisher, "offset": (_page() - 1) * PER_PAGE, "limit": PER_PAGE})
    except tk.NotAuthorized:
        return _refused()
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    return tk.render("chervonohrad/adoption/publisher.html", extra_vars={
        "report": result, "publisher": result["publisher"], "page": _page(),
        "pages": max(1, -(-result["total"] // PER_PAGE))})


@blueprint.route("/open-data/adoption/<publisher>.<any(csv, xlsx):fmt>")
def publisher_export(publisher: str, fmt: str):
    datasets, offset = [], 0
    try:
        while True:
            result = _report({"publisher": publisher, "offset": offset, "limit": DOWNLOAD_PAGE})
            datasets += result["datasets"]
            offset += DOWNLOAD_PAGE
            if offset >= result["total"]:
                break
    except tk.NotAuthorized:
        return _refused()
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Publisher not found"))
    entry = result["publisher"]
    rows = _finding_rows(entry, None) + [row for d in datasets for row in _finding_rows(entry, d)]
    return _download(fmt, [_publisher_row(entry, datasets)], rows, f"adoption-{entry['name']}")
