"""What a portal holds of this extension's, as JSON on stdout: run as
`<venv>/bin/python tests/upgrade/figures.py INI` by the upgrade test, once with CKAN 2.11 before
`ckan db upgrade` and once with CKAN 2.12 after it, so each version reads the data with its own
code. Only what the database keeps is read (no search index: the test compares storage)."""
from __future__ import annotations

import json
import sys
from typing import Any


def figures() -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

    def call(action: str, **data: Any) -> Any:
        return tk.get_action(action)({"user": site}, data)

    publishers = sorted(call("organization_list"))
    datasets = sorted(call("package_list"))
    passports = {}
    for name in datasets:
        shown = call("package_show", id=name)
        passports[name] = {key: value for key, value in shown.items()
                           if key not in ("metadata_modified", "resources", "organization", "groups", "tags")}
        passports[name]["resources"] = sorted(resource["url"] for resource in shown["resources"])
    return {
        "publishers": {name: _publisher(call("organization_show", id=name)) for name in publishers},
        "hromadas": {h["code"]: h["publishers"] for h in call("chervonohrad_hromada_list") if h["publishers"]},
        "passports": passports,
        "scores": {name: _score(call("chervonohrad_quality_show", id=name)) for name in datasets},
        "rating": call("chervonohrad_performance_publisher_rating", sort="title", order="asc"),
        "oblast": call("chervonohrad_performance_oblast_overview", sort="title", order="asc"),
        "snapshots": call("chervonohrad_performance_snapshot_list"),
        "applications": call("chervonohrad_registration_application_list", limit=1000),
        "feedback": call("chervonohrad_feedback_list", limit=1000),
        "suggestions": call("chervonohrad_feedback_suggestion_list", limit=1000),
        "officers": call("chervonohrad_hromada_officer_list"),
    }


def _keyed(value: Any) -> Any:
    """Lists of records (each with a name or id) as mappings by it, all the way down: what is
    compared is what each record holds, not the order of records that tie in a sort (two
    hromadas' publishers may share a title, and each version may plan the query differently)."""
    if isinstance(value, dict):
        return {key: _keyed(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_keyed(item) for item in value]
        for key in ("name", "id", "code"):
            ids = [item.get(key) for item in items if isinstance(item, dict)]
            if len(ids) == len(items) and all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids):
                return {item[key]: item for item in items}
        return items
    return value


def _publisher(organization: dict[str, Any]) -> dict[str, Any]:
    extras = {extra["key"]: extra["value"] for extra in organization.get("extras", [])}
    return {"title": organization["title"], "extras": extras,
            **{key: organization.get(key) for key in ("hromada", "edrpou", "publisher_type")}}


def _score(quality: dict[str, Any]) -> dict[str, Any]:
    return {key: quality.get(key) for key in ("score", "band", "meets_recommendations", "indicators")}


def main(ini: str) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        print(json.dumps(_keyed(figures()), ensure_ascii=False, sort_keys=True, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
