"""Fixed-window rate limits kept in Redis, shared by every form that strangers may post.

`hit(bucket, who, limit, window)` counts one attempt and says whether it is still within
the limit. The counter lives at most `window` seconds, so a blocked sender may try again
when it expires; `retry_after` says how long that is. Keys hold a hash of the address,
never the address itself.

Who "one visitor" is: `client_key` turns the client's address into the key it is counted
under. The address is the one the web server saw, or — behind a reverse proxy, when the
operator says how many proxies to trust (`ckanext.chervonohrad.trusted_proxies`, applied
by `install_proxy_fix`) — the one the nearest trusted proxy put into X-Forwarded-For.
IPv6 addresses are counted per /64 network: one household or server gets a whole /64 and
may pick any address in it, so counting single addresses would count nothing.
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import logging

import flask
from redis.exceptions import RedisError
from werkzeug.middleware.proxy_fix import ProxyFix

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

log = logging.getLogger(__name__)

PREFIX = "ckanext-chervonohrad:ratelimit"
IPV6_PREFIX = 64


def _key(bucket: str, who: str) -> str:
    digest = hashlib.sha256(who.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"{PREFIX}:{bucket}:{digest}"


def client_key(address: str | None) -> str | None:
    """The key one visitor is counted under: an IPv4 address as it is (an IPv4-mapped IPv6
    address as its IPv4 one), an IPv6 address as its /64 network. Anything that is not an
    address (None, empty, a proxy's garbage) is returned as given, so it is still counted
    together rather than waved through under a thousand spellings."""
    if not address:
        return address
    try:
        ip = ipaddress.ip_address(address.strip().split("%", 1)[0])
    except ValueError:
        return address.strip()
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def install_proxy_fix(app, trusted_proxies: int):
    """Behind `trusted_proxies` reverse proxies, take the client's address from the
    X-Forwarded-For hop the nearest trusted one appended (werkzeug's ProxyFix: the n-th
    address from the right, so whatever a visitor typed into the header themselves is
    ignored). 0: the header is not looked at, the peer's address is the client's."""
    if trusted_proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies)
    return app


# The error key of a refusal: pages and the action API recognise a rate limit by it.
ERROR_KEY = "rate_limit"

# Where a refusal raised in a request keeps its seconds for the request's answer (api_answer).
_RETRY_AFTER = "chervonohrad_ratelimit_retry_after"


class RateLimited(tk.ValidationError):
    """Over a limit; `retry_after` seconds until the window ends. A ValidationError (key
    `rate_limit`), so the action API answers it as one, with the body of any 409; pages catch
    it and answer 429, the API's answer becomes a 429 in `api_answer`.

    CKAN's action API catches every ValidationError itself and builds its answer from the
    error dict alone, so the seconds for Retry-After cannot travel with the exception: a
    refusal raised in a request also notes them for that request's answer. Actions never
    touch the request themselves."""

    def __init__(self, message: str, retry_after: int):
        super().__init__({ERROR_KEY: [message]})
        self.message = message
        self.retry_after = retry_after
        if flask.has_request_context():
            setattr(flask.g, _RETRY_AFTER, retry_after)


def _refusal_in(response) -> bool:
    """Whether an action API answer is a ValidationError naming the rate limit."""
    try:
        error = json.loads(response.get_data(as_text=True)).get("error")
    except (ValueError, AttributeError):
        return False
    return isinstance(error, dict) and ERROR_KEY in error


def api_answer(response):
    """The action API answers a ValidationError with 409; one that is a rate limit (its
    error names `rate_limit`) is a 429 with Retry-After, the body unchanged. Another 409 of
    a request that met a refusal on the way stays a 409."""
    retry_after = flask.g.get(_RETRY_AFTER)
    if (retry_after and response.status_code == 409 and tk.request.path.startswith("/api/")
            and _refusal_in(response)):
        response.status_code = 429
        response.headers["Retry-After"] = str(retry_after)
    return response


def hit(bucket: str, who: str | None, limit: int, window: int) -> tuple[bool, int]:
    """Count an attempt; (allowed, seconds until the window resets). A limit of 0 or an unknown
    sender (`who` empty) is never limited. With Redis unreachable nothing can be counted and
    the attempt is allowed (logged as an error): the limits keep floods down, an outage of
    the counter must not turn every citizen away."""
    if not who or not limit or limit <= 0:
        return True, 0
    key = _key(bucket, who)
    try:
        with connect_to_redis().pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, window, nx=True)
            pipe.ttl(key)
            count, _, ttl = pipe.execute()
    except RedisError as error:
        log.error("rate limit %s not counted, Redis is unreachable (%s); allowed", bucket, error)
        return True, 0
    return count <= limit, max(int(ttl), 1)


def reset(bucket: str, who: str) -> None:
    connect_to_redis().delete(_key(bucket, who))
