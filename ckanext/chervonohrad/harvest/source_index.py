"""A harvest source's search document on CKAN 2.12, which ckanext-harvest 1.6.3 gets wrong.

After each job ckanext-harvest re-indexes the source (`harvest_source_reindex`). On CKAN 2.12
the indexer takes the validated form along (`with_custom_schema`), and harvest 1.6.3 hands it
the *unvalidated* form (`harvest_source_show` with validate=False, logic/action/update.py:969),
its `source_type`, `config` and `frequency` still inside `extras`. package_show serves that form
from the index, so the next `harvest_source_patch` or `package_patch` of the source fails
validation ("source_type: Missing value"). The source is indexed again here the way CKAN 2.12
indexes every dataset (both forms from the logic layer); 2.11's indexer validates by itself."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import logic

# CKAN 2.12: datasets are indexed from the logic layer with both forms.
INDEXES_FROM_THE_LOGIC_LAYER = hasattr(logic, "index_update_package")


@logic.auth_audit_exempt  # internal, as ckanext-harvest's own: called after a job, no auth of its own
@tk.chained_action
def harvest_source_reindex_action(up_func, context, data_dict):
    done = up_func(context, data_dict)
    if INDEXES_FROM_THE_LOGIC_LAYER:
        source_id = tk.get_or_bust(data_dict, "id")
        logic.index_update_package(dict(context, ignore_auth=True), source_id, context.get("defer_commit", False))
    return done


harvest_source_reindex_action.__name__ = "harvest_source_reindex"


def get_actions() -> dict[str, Any]:
    return {"harvest_source_reindex": harvest_source_reindex_action}
