"""What the council-officer tests of every room share: two hromadas, a publisher in each,
and naming (or un-naming) a council officer as a regional administrator does."""
from __future__ import annotations

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.passport import rules
from tests.factories import Publisher

SHEPTYTSKA = "UA46120130000026331"  # hromada A of these tests
SOKALSKA = "UA46120110000062257"  # hromada B


def edrpou(first_seven: str) -> str:
    """A valid EDRPOU code beginning with these seven digits (the check digit is computed)."""
    return next(code for code in (first_seven + str(d) for d in range(10)) if rules.edrpou_is_valid(code))


def publisher_in(hromada: str, name: str, **extra) -> dict:
    return Publisher(name=name, hromada=hromada, **extra)


def act(action: str, user: dict | None, /, **data):
    """Call an action as this user (None: anonymous), with auth checked."""
    return call_action(action, context={"user": user["name"] if user else None, "ignore_auth": False}, **data)


def name_officer(user: dict, hromada: str) -> dict:
    """Make the user a council officer of the hromada, as a regional administrator does."""
    sysadmin = model.Session.query(model.User).filter_by(sysadmin=True, state="active").first()
    admin_name = sysadmin.name if sysadmin else factories.Sysadmin()["name"]
    return call_action("chervonohrad_hromada_officer_add", context={"user": admin_name, "ignore_auth": True},
                       hromada=hromada, user=user["name"])


def withdraw_officer(user: dict, hromada: str) -> dict:
    return call_action("chervonohrad_hromada_officer_remove", context={"ignore_auth": True},
                       hromada=hromada, user=user["name"])


def officer_of(hromada: str, **user_fields) -> dict:
    """A new user named council officer of the hromada, with an API token (`token`)."""
    user = factories.UserWithToken(**user_fields)
    name_officer(user, hromada)
    return user
