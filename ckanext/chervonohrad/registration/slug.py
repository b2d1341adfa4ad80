"""URL names for new publishers, from their Ukrainian names (pure).

Transliteration follows the official Ukrainian-Latin table (Cabinet of Ministers
Resolution No. 55 of 27.01.2010), simplified to lowercase ASCII for URLs.
"""
from __future__ import annotations

import re

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
# At the start of a word these letters are written differently.
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
MAX_LENGTH = 100


def transliterate(text: str) -> str:
    out = []
    previous = " "
    for char in text.lower():
        if not previous.isalpha() and char in _INITIAL:
            out.append(_INITIAL[char])
        else:
            out.append(_TABLE.get(char, char))
        previous = char
    return "".join(out)


def slugify(text: str) -> str:
    """'Фінансове управління' -> 'finansove-upravlinnia'."""
    ascii_text = transliterate(text.lower().replace("зг", "zgh"))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:MAX_LENGTH].rstrip("-") or "publisher"


def unique(slug: str, taken) -> str:
    """`slug`, or `slug-2`, `slug-3`… — the first that `taken(name)` says is free."""
    candidate, number = slug, 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = slug[: MAX_LENGTH - len(suffix)] + suffix
    return candidate
