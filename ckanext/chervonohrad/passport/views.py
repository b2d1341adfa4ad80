"""Passport downloads: /dataset/<id>/passport.csv and /dataset/<id>/passport.json."""
from __future__ import annotations

import json

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import tables
from ckanext.chervonohrad.common.helpers import LANGUAGES, page_language
from ckanext.chervonohrad.passport import export

blueprint = Blueprint("chervonohrad_passport", __name__)


def _passport(id: str, lang: str):
    try:
        return tk.get_action("chervonohrad_passport_show")({}, {"id": id, "lang": lang})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this dataset's passport"))


def _lang() -> str:
    """`?lang=` when it names a language the passport has, else the page's language."""
    lang = tk.request.args.get("lang")
    return lang if lang in LANGUAGES else page_language()


@blueprint.route("/dataset/<id>/passport.csv")
def passport_csv(id: str):
    lang = _lang()
    passport = _passport(id, lang)
    body = tables.BOM + export.to_csv(passport["rows"], lang)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{passport["dataset"]}-passport.csv"'})


@blueprint.route("/dataset/<id>/passport.json")
def passport_json(id: str):
    passport = _passport(id, _lang())
    return Response(json.dumps(passport, ensure_ascii=False, indent=2), mimetype="application/json")
