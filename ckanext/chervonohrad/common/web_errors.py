"""Validation errors that escape a CKAN page view.

Some core views call an action that our passport rules may refuse without catching
the error: "Finish" on the resource form publishes the dataset, and deleting a resource
may take away the last data or structure file. Instead of a server error, the publisher
is sent back to the dataset page with each refusal spelled out (field label: reason);
the page's passport panel lists the same gaps.

Only those two views are answered so: any other view's ValidationError (the API's, an
organization page's, one of ours) is left to CKAN's normal handling, even when its URL has
an `id` — that id is not a dataset's.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def field_label(field: str) -> str:
    schema = tk.h.scheming_get_dataset_schema("dataset") or {}
    # Dataset fields win where a resource field has the same name (name, data_current_as_of).
    labels = {f["field_name"]: f["label"] for f in schema.get("resource_fields", []) + schema.get("dataset_fields", [])}
    if field in ("resources", "resource_role"):
        return tk._("Resources")
    return tk.h.scheming_language_text(labels.get(field, field))


def messages(error_dict: dict[str, Any]) -> list[str]:
    lines = []
    for field, problems in error_dict.items():
        for problem in problems if isinstance(problems, list) else [problems]:
            if isinstance(problem, str):
                lines.append(f"{field_label(field)}: {problem}")
    return lines


# The core views whose refusals send the publisher back to the dataset page: the resource
# form (its "Finish" publishes the dataset) and a resource's deletion. Their `id` is the dataset's.
DATASET_VIEWS = frozenset({"dataset_resource.new", "dataset_resource.delete"})


def handle_validation_error(error: tk.ValidationError):
    dataset = (tk.request.view_args or {}).get("id")
    if tk.request.endpoint not in DATASET_VIEWS or not dataset:
        raise error
    for line in messages(error.error_dict):
        tk.h.flash_error(line)
    return tk.redirect_to("dataset.read", id=dataset)


def register(app) -> None:
    app.register_error_handler(tk.ValidationError, handle_validation_error)
