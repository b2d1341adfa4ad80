"""The signed link in every reminder that stops reminders to one address (no account needed:
maintainers named in a passport often have none). The link only shows a page; the opt-out is
recorded by its form's POST, so a mail scanner following links changes nothing."""
from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

import ckan.plugins.toolkit as tk

_SALT = "chervonohrad-reminders-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(tk.config.get("SECRET_KEY"), salt=_SALT)


def token(address: str) -> str:
    return _serializer().dumps(address.strip().lower())


def address_of(value: str | None) -> str | None:
    """The address a token was made for; None for a forged or damaged one."""
    try:
        found = _serializer().loads(value or "")
    except BadSignature:
        return None
    return found if isinstance(found, str) and "@" in found else None


def url(address: str) -> str:
    return tk.url_for("chervonohrad_reminders.unsubscribe", token=token(address), _external=True)
