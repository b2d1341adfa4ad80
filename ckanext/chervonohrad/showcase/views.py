"""Pages of the use cases room beyond CKAN's own for the type (/showcase, /showcase/new,
/showcase/<name>, /showcase/edit/<name>): the decision."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.helpers import viewer_name

blueprint = Blueprint("chervonohrad_showcase", __name__)


@blueprint.route("/showcase/<id>/decision", methods=["POST"])
def decide(id: str):
    decision = tk.request.form.get("decision", "")
    try:
        tk.get_action("chervonohrad_showcase_decide")({"user": viewer_name()}, {"id": id, "decision": decision})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Use case not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return tk.abort(400, tk._("«Decision»: {error}").format(error="; ".join(
            str(m) for messages in error.error_dict.values() for m in messages)))
    tk.h.flash_success(tk._("The use case is approved and public.") if decision == "approve"
                       else tk._("The use case is declined."))
    return tk.redirect_to("showcase.read", id=id)
