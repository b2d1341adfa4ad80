"""A hromada is named by its KATOTTG code and must be one of the oblast's (data/hromadas.yaml)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common import extras
from ckanext.chervonohrad.common.i18n import _n
from ckanext.chervonohrad.common.registry import validator
from ckanext.chervonohrad.hromada import access, vocabulary


@validator
def chervonohrad_hromada(key, data, errors, context):
    value = data.get(key)
    if value is tk.missing or value is None or not str(value).strip():
        return
    from ckanext.chervonohrad.passport.validators import kept_as_stored

    data[key] = code = str(value).strip().upper()
    if not vocabulary.exists(code):
        if kept_as_stored(key, data, context, value):
            return  # a publisher's stored code the list does not know: kept while unchanged
        value = code
        errors[key].append(tk._("«{value}» is not the KATOTTG code of a hromada of Lviv oblast: choose one "
                                "from the list").format(value=value))
        raise tk.StopOnError


# Normalised as their own validators store them, so a stored " 14360570" or a lower-case
# "ua4612…" that the form sends back as it is counts as unchanged.
_NORMALISE = {access.KEY: lambda v: v.strip().upper(), access.EDRPOU: lambda v: v.strip()}
_REFUSED = {
    access.KEY: _n("Only regional administrators may change the publisher's «Hromada» (now {old}); a council "
                   "officer may move a publisher only from one of their hromadas to another of theirs"),
    access.EDRPOU: _n("Only regional administrators may change the publisher's «EDRPOU code» (now {old}); "
                      "ask them if it is wrong"),
}


def _normalised(field: str, value: Any) -> str | None:
    if value is tk.missing or value is None or not str(value).strip():
        return None
    return _NORMALISE[field](str(value))


@validator
def chervonohrad_publisher_identity(key, data, errors, context):
    """A publisher's `hromada` and `edrpou` change only as hromada.access allows (after the
    field's own validator, which normalises it). Creating a publisher sets them as before
    (registration creates publishers as a regional administrator); so do calls that skip
    authorisation, which are the portal's own code."""
    group = context.get("group")
    if group is None or context.get("ignore_auth") or errors.get(key):
        return
    field = key[-1]
    old, new = _normalised(field, extras.of(group).get(field)), _normalised(field, data.get(key))
    if not access.may_change_publisher_identity(context.get("user"), field, old, new):
        errors[key].append(tk._(_REFUSED[field]).format(old=old or "—"))
        raise tk.StopOnError
