"""Marking strings for the catalogue where they are defined but translated later."""


def _n(message: str) -> str:
    """Marks a msgid for extraction (pybabel -k _n); callers translate it with `_` when shown."""
    return message
