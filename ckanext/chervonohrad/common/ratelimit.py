"""Fixed-window rate limits kept in Redis, shared by every form that strangers may post.

`hit(bucket, who, limit, window)` counts one attempt and says whether it is still within
the limit. The counter lives at most `window` seconds, so a blocked sender may try again
when it expires; `retry_after` says how long that is. Keys hold a hash of the address,
never the address itself.
"""
from __future__ import annotations

import hashlib

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

PREFIX = "ckanext-chervonohrad:ratelimit"


def _key(bucket: str, who: str) -> str:
    digest = hashlib.sha256(who.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"{PREFIX}:{bucket}:{digest}"


class RateLimited(tk.ValidationError):
    """Over a limit; `retry_after` seconds until the window ends. A ValidationError (key
    `rate_limit`), so the action API answers it as one; pages answer it with HTTP 429."""

    def __init__(self, message: str, retry_after: int):
        super().__init__({"rate_limit": [message]})
        self.message = message
        self.retry_after = retry_after


def hit(bucket: str, who: str | None, limit: int, window: int) -> tuple[bool, int]:
    """Count an attempt; (allowed, seconds until the window resets). A limit of 0 or an unknown
    sender (`who` empty) is never limited."""
    if not who or not limit or limit <= 0:
        return True, 0
    redis = connect_to_redis()
    key = _key(bucket, who)
    with redis.pipeline() as pipe:
        pipe.incr(key)
        pipe.expire(key, window, nx=True)
        pipe.ttl(key)
        count, _, ttl = pipe.execute()
    return count <= limit, max(int(ttl), 1)


def reset(bucket: str, who: str) -> None:
    connect_to_redis().delete(_key(bucket, who))
