"""Which datasets a use case names, read from what a person types: dataset addresses of this
portal (…/dataset/<name>), names or ids, one per line or separated by commas. Pure."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

SEPARATORS = re.compile(r"[\s,;]+")


def tokens(value: Any) -> list[str]:
    """Each named dataset once, in the order given: the name from an address, else the text."""
    parts = value if isinstance(value, list) else SEPARATORS.split(str(value or ""))
    seen: dict[str, None] = {}
    for part in parts:
        text = str(part).strip()
        if not text:
            continue
        path = urlsplit(text).path if "://" in text else text
        match = re.search(r"/dataset/([^/?#]+)", path)
        seen.setdefault(match.group(1) if match else text.strip("/"), None)
    return list(seen)
