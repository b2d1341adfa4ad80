"""Who sees what of the performance room: the rating is public like the datasets;
assessments are recorded by regional administrators and by the council officers of the
assessed publisher's hromada, and read by them and by the publisher's members; the scorecard
likewise (a hromada's: its officers; the whole oblast's: regional administrators)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.chervonohrad.common.registry import auth, public_auth, verdict
from ckanext.chervonohrad.hromada import access as hromada_access

# The rating, its snapshots and the oblast overview that sums them are public, like the datasets.
public_auth("chervonohrad_performance_publisher_rating", aliases=("chervonohrad_quality_publisher_rating",))
public_auth("chervonohrad_performance_snapshot_list", aliases=("chervonohrad_quality_snapshot_list",))
public_auth("chervonohrad_performance_oblast_overview", aliases=("chervonohrad_quality_oblast_overview",))


@auth(aliases=("chervonohrad_quality_assessment_create",))
def chervonohrad_performance_assessment_create(context, data_dict):
    return verdict(hromada_access.oversees_org(context.get("user"), (data_dict or {}).get("id")),
                   tk._("Only regional administrators and the council officers of the publisher's hromada "
                        "may assess it"))


def _member_of(user_name: str | None, org_ref: str | None) -> bool:
    org = model.Group.get(org_ref or "")
    return bool(user_name and org and authz.has_user_permission_for_group_or_org(org.id, user_name, "read"))


@auth(aliases=("chervonohrad_quality_assessment_list",))
def chervonohrad_performance_assessment_list(context, data_dict):
    """One publisher's (`id`): whoever oversees it and its members. All of them: regional
    administrators, and council officers (the action keeps to their hromadas' publishers)."""
    user = context.get("user")
    org_ref = (data_dict or {}).get("id")
    if org_ref:
        allowed = hromada_access.oversees_org(user, org_ref) or _member_of(user, org_ref)
    else:
        allowed = hromada_access.oversees_any(user)
    return verdict(allowed, tk._("Only regional administrators, the council officers of the publisher's hromada "
                                 "and its members may see its assessments"))


@auth(aliases=("chervonohrad_quality_scorecard",))
def chervonohrad_performance_scorecard(context, data_dict):
    """A publisher's scorecard (`id`): whoever oversees it and its members. A hromada's
    (`hromada`): regional administrators and that hromada's council officers. The whole
    oblast's: regional administrators."""
    data_dict = data_dict or {}
    if data_dict.get("id"):
        return verdict(chervonohrad_performance_assessment_list(context, {"id": data_dict["id"]})["success"],
                       tk._("Only regional administrators, the council officers of the publisher's hromada and "
                            "its members may download its scorecard"))
    hromada = (data_dict.get("hromada") or "").upper() or None
    return verdict(hromada_access.oversees_hromada(context.get("user"), hromada),
                   tk._("Only regional administrators may download the whole oblast's scorecard, and a hromada's "
                        "also its council officers"))
