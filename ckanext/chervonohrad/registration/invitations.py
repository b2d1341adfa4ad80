"""The people an application lists, and how each of them joins the new publisher.

CKAN does not verify the email address an account gives when it registers, so an account
that holds a listed address proves nothing about who holds it: silently making it an
editor would let anyone who registered with a public body's address ahead of its owner
(or, before exact matching, with `%@%.%`) publish in the body's name. Hence:

- an address is matched EXACTLY (case aside) against active accounts; no patterns;
- the one matching account becomes a *pending* editor: a `member` row in state
  'pending', which CKAN's permission checks ignore (they read 'active' rows only), and is
  emailed a signed link; following it while logged in as that account activates the
  membership. Only the holder of both the account and the mailbox can do that;
- an address no account holds gets CKAN's own invitation (`user_invite`): a pending
  account whose password is set through a link sent to that address, the same proof;
- an address two active accounts share (CKAN's uniqueness check ignores case) adds
  nobody; the approver is told, and the publisher's admin can add the right person.

The link carries no secret of the database: it is signed with the site's SECRET_KEY
and expires after `ckanext.chervonohrad.editor_invitation_days`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func

import ckan.plugins.toolkit as tk
from ckan import model

PENDING = "pending"
_SALT = "chervonohrad-editor-invitation"


@dataclass
class Matches:
    accounts: dict[str, str] = field(default_factory=dict)  # address as listed -> user id
    unknown: list[str] = field(default_factory=list)  # no account: CKAN's invitation
    ambiguous: list[str] = field(default_factory=list)  # several accounts: nobody is added


def match(emails: Iterable[str], accounts: Iterable[tuple[str, str]]) -> Matches:
    """Pure: each listed address against (user id, email) pairs of active accounts, compared
    whole and case-insensitively — `_` and `%` are characters like any other."""
    by_address: dict[str, set[str]] = {}
    for user_id, email in accounts:
        by_address.setdefault((email or "").strip().lower(), set()).add(user_id)
    found = Matches()
    for email in emails:
        ids = by_address.get(email.strip().lower(), set())
        if not ids:
            found.unknown.append(email)
        elif len(ids) > 1:
            found.ambiguous.append(email)
        else:
            found.accounts[email] = next(iter(ids))
    return found


def active_accounts(emails: Iterable[str]) -> list[tuple[str, str]]:
    """(id, email) of the active accounts whose address is one of `emails` (lower() = lower())."""
    wanted = sorted({e.strip().lower() for e in emails if e.strip()})
    if not wanted:
        return []
    return [(row.id, row.email) for row in model.Session.query(model.User.id, model.User.email)
            .filter(model.User.state == model.State.ACTIVE, func.lower(model.User.email).in_(wanted))]


def add_pending(group_id: str, user_id: str, capacity: str = "editor") -> model.Member:
    """A membership that grants nothing until accepted (in the caller's transaction)."""
    member = model.Member(table_name="user", table_id=user_id, group_id=group_id, capacity=capacity, state=PENDING)
    # Through the relationship, as CKAN's member_create does: the group's members cascade
    # "delete-orphan", and SQLAlchemy drops a new row that no group holds.
    member.group = model.Group.get(group_id)
    model.Session.add(member)
    model.Session.flush()
    return member


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(tk.config.get("SECRET_KEY"), salt=_SALT)


def token(member: model.Member, email: str) -> str:
    return _serializer().dumps({"m": member.id, "u": member.table_id, "e": email.strip().lower()})


class InvalidToken(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def read(value: str, max_age_days: int) -> dict[str, str]:
    """The invitation a link carries: {"m": member id, "u": user id, "e": address}."""
    try:
        payload = _serializer().loads(value, max_age=max_age_days * 86400)
    except SignatureExpired as error:
        raise InvalidToken(expired=True) from error
    except BadSignature as error:
        raise InvalidToken(expired=False) from error
    if not isinstance(payload, dict) or not all(isinstance(payload.get(k), str) for k in ("m", "u", "e")):
        raise InvalidToken(expired=False)
    return payload
