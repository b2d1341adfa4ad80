"""A hromada filter, from a page's `?hromada=` argument to the SQL that narrows a list of
publishers: every page and report that lists or sums publishers (rating, oblast overview,
audit, register, dashboard, adoption) takes its filter from here."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.extras import org_value
from ckanext.chervonohrad.common.helpers import page_language, viewer_name
from ckanext.chervonohrad.common.i18n import localized
from ckanext.chervonohrad.hromada import access, vocabulary

# The organization field that holds a publisher's hromada (a KATOTTG code), as scheming stores it.
FIELD = "hromada"

# SQL: organization `g`'s hromada.
VALUE = org_value("g", FIELD)


def of_publishers(column: str) -> str:
    """SQL: `column` (an organization id) is one of the publishers in the id array :orgs (a
    hromada's), or anything when :orgs is null. An array rather than a subquery, so the
    planner folds the test away for the whole oblast and uses an index for a hromada."""
    return f"(CAST(:orgs AS text[]) IS NULL OR {column} = ANY(:orgs))"


def publisher_ids(hromada: str | None) -> list[str] | None:
    """The value of :orgs for a hromada filter (None: no filter)."""
    return access.org_ids_in({hromada}) if hromada else None


# ---- the hromada selector of the pages ---------------------------------------------------

# ?hromada=all (or empty) asks for the whole oblast explicitly, overriding the viewer's own.
WHOLE_OBLAST = "all"


def choices(lang: str) -> list[dict[str, Any]]:
    """Every hromada grouped by raion, in the codifier's order, labelled in `lang`."""
    groups: list[dict[str, Any]] = []
    for h in vocabulary.hromadas():
        raion = localized(h["raion"], lang)
        if not groups or groups[-1]["raion"] != raion:
            groups.append({"raion": raion, "hromadas": []})
        groups[-1]["hromadas"].append({"code": h["code"], "label": localized(h["label"], lang)})
    return groups


def requested_hromada(default_to_own: bool = True) -> str | None:
    """The hromada a page shows: ?hromada=<code>; the whole oblast for ?hromada=all or an
    empty value; without the argument, the viewer's own hromada (a council officer's, else
    that of the first publisher they belong to) when `default_to_own`, else the whole
    oblast. The code is validated by the action the page calls."""
    if "hromada" not in tk.request.args:
        return access.home_hromada(viewer_name()) if default_to_own else None
    value = tk.request.args["hromada"].strip()
    return None if value.lower() in ("", WHOLE_OBLAST) else value


def invalid_filter(error: tk.ValidationError) -> Any:
    """A 400 page naming each refused argument (the hromada as «Громада»)."""
    labels = {"hromada": tk._("Hromada")}
    return tk.abort(400, "; ".join("{field}: {messages}".format(field=labels.get(key, key), messages=" ".join(messages))
                                   for key, messages in error.error_dict.items()))


def hromada_page_vars(hromada: str | None) -> dict[str, Any]:
    """What every page with the hromada selector needs."""
    return {"hromada": hromada, "hromada_choices": choices(page_language()), "hromada_arg": hromada or WHOLE_OBLAST}
