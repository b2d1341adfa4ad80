"""Who oversees which publishers: the one place every room asks.

Regional administrators oversee every hromada. A council officer oversees the publishers of
the hromadas they are named for, and sees and acts on those publishers' applications,
feedback inboxes and assessments as a regional administrator would; nothing of other
hromadas."""
from __future__ import annotations

from sqlalchemy import select

from ckan import model

from ckanext.chervonohrad.common.admins import is_regional_admin
from ckanext.chervonohrad.common.extras import org_column
from ckanext.chervonohrad.hromada.model import CouncilOfficer

KEY = "hromada"  # the organization extra holding the publisher's KATOTTG code
EDRPOU = "edrpou"  # the organization extra holding the publisher's EDRPOU code


def active_user(user_name: str | None) -> model.User | None:
    user = model.User.get(user_name) if user_name else None
    return user if user is not None and user.state == model.State.ACTIVE else None


def officer_hromadas(user_name: str | None) -> set[str]:
    """The hromadas a user is a council officer of (empty for everyone else)."""
    user = active_user(user_name)
    if user is None:
        return set()
    rows = model.Session.query(CouncilOfficer.hromada).filter(CouncilOfficer.user_id == user.id)
    return {row[0] for row in rows}


def overseen_hromadas(user_name: str | None) -> set[str] | None:
    """None when the user oversees the whole oblast, else the set (maybe empty) they oversee."""
    if is_regional_admin(user_name):
        return None
    return officer_hromadas(user_name)


def oversees_any(user_name: str | None) -> bool:
    """Regional administrators and council officers: whoever oversees some publishers."""
    return overseen_hromadas(user_name) != set()


def oversees_hromada(user_name: str | None, code: str | None) -> bool:
    overseen = overseen_hromadas(user_name)
    return overseen is None or (bool(code) and code in overseen)


def may_change_publisher_identity(user_name: str | None, field: str, old: str | None, new: str | None) -> bool:
    """Whether a user may change a publisher's `hromada` or `edrpou` from `old` to `new`
    (both normalised; None: not set). Leaving a value as it is is always allowed.

    The hromada decides which council oversees the publisher, and the EDRPOU code which
    harvested datasets land in it, so a publisher's own admins may change neither: only
    regional administrators may, and a council officer may move a publisher from one of
    their hromadas to another of theirs (never into or out of their oversight)."""
    if old == new or is_regional_admin(user_name):
        return True
    if field != KEY:
        return False
    own = officer_hromadas(user_name)
    return old in own and new in own


def hromada_of(org_id: str | None) -> str | None:
    """A publisher's hromada, by the organization's id or name."""
    if not org_id:
        return None
    row = model.Session.execute(
        select(org_column(KEY)).where((model.Group.id == org_id) | (model.Group.name == org_id))).first()
    return row[0] if row and row[0] else None


def oversees_org(user_name: str | None, org_id: str | None) -> bool:
    """Regional administrators, and the council officers of the publisher's hromada."""
    if is_regional_admin(user_name):
        return True
    if not org_id:
        return False
    own = officer_hromadas(user_name)
    return bool(own) and hromada_of(org_id) in own


def hromada_column():
    """SQLAlchemy: the hromada (a KATOTTG code) of `model.Group` in the query it is used in."""
    return org_column(KEY)


def publishers_with_hromada(*columns):
    """A query of `columns` over the active publishers that have a hromada (hromada_column())."""
    return (model.Session.query(*columns).select_from(model.Group)
            .filter(model.Group.is_organization.is_(True), model.Group.state == model.State.ACTIVE,
                    hromada_column().isnot(None)))


def org_ids_in(hromadas: set[str]) -> list[str]:
    """The active publishers of the given hromadas."""
    if not hromadas:
        return []
    rows = publishers_with_hromada(model.Group.id).filter(hromada_column().in_(sorted(hromadas)))
    return [row[0] for row in rows]


def home_hromada(user_name: str | None) -> str | None:
    """The hromada a user's pages open on: the one they are an officer of, else the hromada of
    the first publisher they are a member of; None for everyone else (the whole oblast)."""
    own = sorted(officer_hromadas(user_name))
    if own:
        return own[0]
    user = active_user(user_name)
    if user is None:
        return None
    hromada = hromada_column()
    row = (model.Session.query(hromada).select_from(model.Group)
           .join(model.Member, model.Member.group_id == model.Group.id)
           .filter(model.Member.table_name == "user", model.Member.table_id == user.id,
                   model.Member.state == model.State.ACTIVE, model.Group.state == model.State.ACTIVE,
                   hromada.isnot(None))
           .order_by(model.Group.title).first())
    return row[0] if row and row[0] else None


def officer_contacts(hromadas: set[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Each hromada's active council officers with an email, as (name, address), in one query;
    all hromadas' when None."""
    query = (model.Session.query(CouncilOfficer.hromada, model.User.fullname, model.User.name, model.User.email)
             .join(model.User, model.User.id == CouncilOfficer.user_id)
             .filter(model.User.state == model.State.ACTIVE).order_by(model.User.name))
    if hromadas is not None:
        query = query.filter(CouncilOfficer.hromada.in_(sorted(hromadas) or [""]))
    found: dict[str, list[tuple[str, str]]] = {}
    for code, fullname, name, email in query:
        if email:
            found.setdefault(code, []).append((fullname or name, email))
    return found
