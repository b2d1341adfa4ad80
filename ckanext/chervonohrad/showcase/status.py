"""A use case's life: proposed by anyone logged in, then approved (public) or declined. Pure."""
from __future__ import annotations

from ckanext.chervonohrad.common.i18n import _n

TYPE = "showcase"
PROPOSED = "proposed"
APPROVED = "approved"
DECLINED = "declined"
STATUSES = {PROPOSED: _n("proposed"), APPROVED: _n("approved"), DECLINED: _n("declined")}
# Where a decision may take a use case.
DECISIONS = {"approve": APPROVED, "decline": DECLINED}


def is_showcase(pkg: dict | None) -> bool:
    return bool(pkg) and pkg.get("type") == TYPE


def is_public(pkg: dict) -> bool:
    """Legacy or hand-made records without a status are treated as proposals: nothing is
    public before someone approved it."""
    return pkg.get("showcase_status") == APPROVED
