"""API of the reminders room: stopping reminders to an address, and who stopped them."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import action
from ckanext.chervonohrad.reminders import unsubscribe
from ckanext.chervonohrad.reminders.model import OptOut


@action
def chervonohrad_reminders_unsubscribe(context, data_dict) -> dict[str, Any]:
    """Stop update reminders to the address of a reminder's signed link (anyone holding it).

    :param token: the token of the link at the end of every reminder
    Returns ``address`` and ``already`` (it had opted out before). Safe to call twice.
    """
    tk.check_access("chervonohrad_reminders_unsubscribe", context, data_dict)
    address = unsubscribe.address_of(data_dict.get("token"))
    if address is None:
        raise tk.ValidationError({"token": [tk._("This link is damaged or was not made by this portal")]})
    already = model.Session.get(OptOut, address) is not None
    if not already:
        model.Session.add(OptOut(address=address))
        model.Session.commit()
    return {"address": address, "already": already}


@action
@tk.side_effect_free
def chervonohrad_reminders_optout_list(context, data_dict) -> list[dict[str, Any]]:
    """The addresses that stopped update reminders, newest first (regional administrators)."""
    tk.check_access("chervonohrad_reminders_optout_list", context, data_dict)
    return [{"address": row.address, "created": row.created.isoformat()}
            for row in model.Session.query(OptOut).order_by(OptOut.created.desc(), OptOut.address)]


@action
def chervonohrad_reminders_optout_delete(context, data_dict) -> dict[str, Any]:
    """Send reminders to an address again (regional administrators, when its owner asks).

    :param address: the address
    """
    tk.check_access("chervonohrad_reminders_optout_delete", context, data_dict)
    address = (tk.get_or_bust(data_dict, "address") or "").strip().lower()
    removed = model.Session.query(OptOut).filter_by(address=address).delete()
    model.Session.commit()
    if not removed:
        raise tk.ObjectNotFound(tk._("This address has not stopped reminders"))
    return {"address": address}
