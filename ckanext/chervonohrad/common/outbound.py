"""Requests the portal makes to addresses that users give it (link checks, harvest sources).

A resource URL or a harvest source is typed by a publisher, so a plain `requests.get` of it
lets anyone who may edit a dataset reach what only the server can reach: Solr's admin API on
127.0.0.1:8983 (one GET unloads the index), the cloud metadata service at 169.254.169.254,
the intranet; and the outcome stored for them (refused / timeout / 403) maps ports. This
module fetches only public addresses, and connects to the very address it checked.

API (everything else here is private):

- `get(url, *, allowed_hosts=(), timeout=10, max_bytes=65536, deadline=30, headers=None,
  max_redirects=5) -> Response`: one GET. Each hop (the URL, then every redirect's Location)
  goes through `guard`; redirects (301, 302, 303, 307, 308) are followed one by one, up to
  `max_redirects`. `timeout` bounds each wait (connecting, every read); `deadline` bounds
  the whole call, redirects included: a server that trickles a byte every few seconds, in
  its headers or its body, is cut off when the deadline passes. At most `max_bytes` of the
  final body are read (`Response.truncated` says whether there was more); the request asks
  for `Accept-Encoding: identity`, so the bytes counted are the bytes that came.
  Returns `Response(status, headers, url, body, truncated, redirects)`: `headers` is an
  `http.client.HTTPMessage` (`.get(name)` is case-insensitive), `url` the final URL,
  `redirects` the URLs that answered with a redirect. Any answer status is returned; only
  failures to get an answer raise `FetchError`.
- `guard(url, allowed_hosts=()) -> Target`: checks the scheme (http, https), refuses user
  names and passwords in the URL, resolves the host once and refuses it when any of its
  addresses is not public (`refusal`). The Target carries the checked addresses: `get`
  connects only to them, never resolving the name again (a second lookup could answer with
  another address: DNS rebinding). The Host header, TLS SNI and the certificate check use
  the URL's host name.
- `refusal(address) -> str | None`: why an IP address may not be fetched ("loopback",
  "private network", "link-local", ...), None for a public address. Pure; IPv4 addresses
  embedded in IPv6 (IPv4-mapped, 6to4, NAT64) are judged as the IPv4 address they carry.
- `FetchError(reason, detail)`: `reason` is a stable code, `detail` a short English account
  (callers translate it; it never names an address a host name resolved to). Subclasses:
  `RefusedAddress` (reason `refused_address`: nothing was connected to, so nothing is known
  about the target), `UnsupportedScheme` (`unsupported_scheme`), `InvalidURL`
  (`invalid_url`), `Timeout` (`timeout`; `.phase` is "connect", "answer" or "body"),
  `TooManyRedirects` (`too_many_redirects`), `ConnectionFailed` (`connection`). When the
  headers had come before the failure, `.status` and `.headers` hold them.

- `message(error) -> str`: what to tell people, translated (uk, en), by `error.reason`
  (`MESSAGES` holds the msgids); add `error.detail` for the technical account.

`allowed_hosts` (for tests and intranets; empty in production) lists host names, IP
addresses or networks (CIDR) that may be fetched although they are not public: a host name
matches exactly (case-insensitive, no wildcards), an address or network matches the
addresses a host resolves to. Scheme and credential checks apply to them as to any host.

The standard library does the HTTP (`http.client`, `ssl`, `socket`): the socket is ours, so
it is connected to the checked address and a timer can close it at the deadline. Proxies
from the environment (HTTP_PROXY...) are not used: a proxy would connect to whatever name it
was given. Certificates are checked against certifi's bundle, as `requests` does.

    from ckanext.chervonohrad.common import outbound
    try:
        answer = outbound.get(url, allowed_hosts=config.link_check_allowed_hosts(),
                              timeout=10, deadline=30, max_bytes=65536)
    except outbound.FetchError as error:
        store(error.reason, error.detail)
"""
from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import certifi
import idna

from ckanext.chervonohrad.common.i18n import _n

__all__ = ["get", "guard", "refusal", "Response", "Target", "FetchError", "RefusedAddress",
           "UnsupportedScheme", "InvalidURL", "Timeout", "TooManyRedirects", "ConnectionFailed", "MESSAGES", "message"]

SCHEMES = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "ckanext-chervonohrad"
# Headers a caller may send to the first host that must not follow a redirect to another one.
PRIVATE_HEADERS = {"authorization", "cookie", "proxy-authorization"}

# Prefixes whose addresses carry an IPv4 address in their last 32 bits (RFC 6052, RFC 8215):
# a NAT64 gateway turns 64:ff9b::7f00:1 into 127.0.0.1.
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")  # IPv6's private networks (RFC 4193)


class FetchError(Exception):
    """No answer could be had. `reason`: a stable code; `detail`: a short English account."""
    reason = "connection"

    def __init__(self, detail: str, *, status: int | None = None,
                 headers: http.client.HTTPMessage | None = None):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.headers = headers


class RefusedAddress(FetchError):
    """The host is (or resolves to) an address that is not public; nothing was connected to."""
    reason = "refused_address"

    def __init__(self, detail: str, *, host: str = "", why: str = ""):
        super().__init__(detail)
        self.host, self.why = host, why


class UnsupportedScheme(FetchError):
    reason = "unsupported_scheme"


class InvalidURL(FetchError):
    reason = "invalid_url"


class Timeout(FetchError):
    reason = "timeout"

    def __init__(self, detail: str, *, phase: str, **kwargs):
        super().__init__(detail, **kwargs)
        self.phase = phase


class TooManyRedirects(FetchError):
    reason = "too_many_redirects"


class ConnectionFailed(FetchError):
    reason = "connection"


# What people are told, by reason code (translated when shown: `message`).
MESSAGES = {
    "refused_address": _n("The link points to an internal (non-public) address; the portal does not open such "
                          "addresses."),
    "unsupported_scheme": _n("Only http and https links can be opened."),
    "invalid_url": _n("The link is not valid (a user name or password in it, or a wrong port)."),
    "timeout": _n("The server did not answer in time."),
    "too_many_redirects": _n("Too many redirects."),
    "connection": _n("Could not connect to the server."),
}


def message(error: FetchError) -> str:
    """The people's account of a failed fetch, in the page's language."""
    import ckan.plugins.toolkit as tk

    return tk._(MESSAGES.get(error.reason, MESSAGES["connection"]))


# ---- which addresses ------------------------------------------------------------------------

def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in prefix for prefix in NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why this address may not be fetched, or None when it is public. `is_global` alone is
    not enough: it lets through multicast, IPv4-mapped IPv6 (::ffff:127.0.0.1 reaches
    loopback) and the deprecated site-local fec0::/10, so those are named first."""
    try:
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return "IPv4-mapped IPv6"
        if ip.teredo is not None:
            return "Teredo tunnel"
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = refusal(embedded)
            return f"IPv6 carrying a {inner} IPv4 address" if inner else None
        if ip.is_site_local:
            return "site-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in SHARED:
        return "shared address space"
    if ip.is_reserved:
        return "reserved"
    if isinstance(ip, ipaddress.IPv6Address) and ip in UNIQUE_LOCAL:
        return "unique-local"
    if ip.is_private:
        return "private network"
    if not ip.is_global:
        return "not globally reachable"
    return None


@dataclass(frozen=True)
class _Allowed:
    names: frozenset[str]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def of(cls, entries: Iterable[str] | None) -> _Allowed:
        names, networks = set(), []
        for entry in entries or ():
            entry = entry.strip().lower().rstrip(".").strip("[]")
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry)
        return cls(frozenset(names), tuple(networks))

    def address(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(ip.version == net.version and ip in net for net in self.networks)


# ---- one hop ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`addresses`, from one lookup) and what to ask for."""
    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or address, without brackets
    port: int
    request_target: str  # path and query, percent-encoded; the fragment is not sent
    addresses: tuple[tuple[int, tuple], ...] = field(repr=False)  # (family, sockaddr)


def _ascii_host(host: str) -> str:
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    try:
        return host.encode("ascii").decode() if host.isascii() else idna.encode(host, uts46=True).decode()
    except (UnicodeError, idna.IDNAError):
        raise InvalidURL("invalid host name") from None


def guard(url: str, allowed_hosts: Iterable[str] | None = ()) -> Target:
    """Check one URL before anything is connected to: see the module's docstring."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        raise InvalidURL("invalid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UnsupportedScheme(f"not an http(s) link: {scheme}:" if scheme else "no http(s) link")
    if parts.username is not None or parts.password is not None:
        raise InvalidURL("the link has a user name or password in it")
    if not parts.hostname:
        raise InvalidURL("the link names no host")
    host = _ascii_host(parts.hostname.rstrip("."))
    port = port or SCHEMES[scheme]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ConnectionFailed("unknown host name") from None
    allowed = _Allowed.of(allowed_hosts)
    by_name = host.lower() in allowed.names
    addresses = []
    for family, _type, _proto, _name, sockaddr in found:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        why = None if by_name or allowed.address(ip) else refusal(ip)
        if why:  # one internal address refuses the host: the connection could go to any
            raise RefusedAddress(f"not a public address ({why})", host=host, why=why)
        if (family, sockaddr) not in addresses:
            addresses.append((family, sockaddr))
    if not addresses:
        raise ConnectionFailed("unknown host name")
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=?~-._")
    return Target(url=url, scheme=scheme, host=host, port=port, request_target=target,
                  addresses=tuple(addresses))


class _Clock:
    """The call's deadline: per-operation timeouts never reach past it, and a timer shuts the
    current socket down when it passes (a read blocked in a trickle returns at once)."""

    def __init__(self, timeout: float, deadline: float):
        self.timeout = timeout
        self.ends = time.monotonic() + deadline
        self.expired = threading.Event()
        self._timer: threading.Timer | None = None

    def left(self, phase: str) -> float:
        left = self.ends - time.monotonic()
        if left <= 0 or self.expired.is_set():
            raise Timeout(f"no answer within {self.timeout:g} s" if phase != "body"
                          else f"no data within {self.timeout:g} s", phase=phase)
        return min(self.timeout, left)

    def watch(self, sock: socket.socket) -> None:
        self.stop()

        def expire():
            self.expired.set()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._timer = threading.Timer(max(0.0, self.ends - time.monotonic()), expire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class _PinnedConnection(http.client.HTTPConnection):
    """http.client on a socket we connected: the Host header is the URL's host."""

    def __init__(self, target: Target, sock: socket.socket):
        super().__init__(target.host, target.port)
        self.sock = sock

    def connect(self):  # never reconnect by name
        raise http.client.NotConnected("the pinned connection is closed")


def _connect(target: Target, clock: _Clock) -> socket.socket:
    last: OSError | None = None
    for family, sockaddr in target.addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        clock.watch(sock)
        try:
            sock.settimeout(clock.left("connect"))
            sock.connect(sockaddr)
            if target.scheme == "https":
                context = ssl.create_default_context(cafile=certifi.where())
                sock = context.wrap_socket(sock, server_hostname=target.host, do_handshake_on_connect=False)
                clock.watch(sock)  # wrapping took the descriptor over: the timer must shut this one
                sock.settimeout(clock.left("connect"))
                sock.do_handshake()
            return sock
        except Timeout:
            sock.close()
            raise
        except ssl.SSLError:
            sock.close()
            if clock.expired.is_set():
                raise Timeout(f"no answer within {clock.timeout:g} s", phase="connect") from None
            raise ConnectionFailed("TLS/SSL error (certificate?)") from None
        except TimeoutError:
            sock.close()
            raise Timeout(f"no answer within {clock.timeout:g} s", phase="connect") from None
        except OSError as error:
            sock.close()
            if clock.expired.is_set():
                raise Timeout(f"no answer within {clock.timeout:g} s", phase="connect") from None
            last = error
    raise ConnectionFailed("connection refused or host unreachable") from last


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    url: str
    body: bytes
    truncated: bool
    redirects: tuple[str, ...] = ()

    @property
    def content_type(self) -> str | None:
        """The media type, lower case, without parameters (None when not given)."""
        return (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower() or None


def _broken(error: BaseException, clock: _Clock, phase: str, **known) -> FetchError:
    if clock.expired.is_set() or isinstance(error, TimeoutError):
        return Timeout(f"no answer within {clock.timeout:g} s" if phase != "body"
                       else f"no data within {clock.timeout:g} s", phase=phase, **known)
    if isinstance(error, (http.client.LineTooLong, http.client.BadStatusLine)) and \
            not isinstance(error, http.client.RemoteDisconnected):
        return ConnectionFailed("not an HTTP answer", **known)
    return ConnectionFailed("connection closed" if phase != "body" else "the answer broke off: connection closed",
                            **known)


def _hop(target: Target, headers: dict[str, str], clock: _Clock, max_bytes: int):
    """One request to a checked target: (status, headers, body, truncated, redirect location).
    A redirect's body is not read."""
    sock = _connect(target, clock)
    conn = _PinnedConnection(target, sock)
    try:
        try:
            sock.settimeout(clock.left("answer"))
            conn.request("GET", target.request_target, headers=headers)
            answer = conn.getresponse()
        except Timeout:
            raise
        except (OSError, http.client.HTTPException) as error:
            raise _broken(error, clock, "answer") from None
        if clock.expired.is_set():  # the timer cut the headers short: http.client took that as their end
            raise Timeout(f"no answer within {clock.timeout:g} s", phase="answer")
        known = {"status": answer.status, "headers": answer.headers}
        location = _location(answer.headers, target.url) if answer.status in REDIRECTS else None
        body = bytearray()
        if location is None:
            try:
                while len(body) < max_bytes:
                    sock.settimeout(clock.left("body"))
                    chunk = answer.read1(min(16384, max_bytes - len(body)))
                    if not chunk:
                        break
                    body += chunk
            except Timeout as error:
                error.status, error.headers = answer.status, answer.headers
                raise
            except (OSError, http.client.HTTPException, ValueError) as error:
                raise _broken(error, clock, "body", **known) from None
            if clock.expired.is_set():
                raise Timeout(f"no data within {clock.timeout:g} s", phase="body", **known)
        # http.client closes the answer once it has read all the Content-Length (or the last chunk).
        truncated = len(body) >= max_bytes and not answer.isclosed()
        return answer.status, answer.headers, bytes(body), truncated, location
    finally:
        clock.stop()
        conn.close()


def _location(headers: http.client.HTTPMessage, base: str) -> str | None:
    location = headers.get("Location")
    if not location:
        return None
    with contextlib.suppress(UnicodeError):  # http.client reads headers as Latin-1; servers mostly send UTF-8
        location = location.encode("latin-1").decode("utf-8")
    return urljoin(base, location.strip())


def get(url: str, *, allowed_hosts: Iterable[str] | None = (), timeout: float = 10, max_bytes: int = 65536,
        deadline: float = 30, headers: Mapping[str, str] | None = None, max_redirects: int = 5) -> Response:
    """GET a URL that a user gave, safely: see the module's docstring."""
    clock = _Clock(timeout, deadline)
    sent = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", "Connection": "close"}
    sent.update(headers or {})
    redirects: list[str] = []
    current, first_origin = url, None
    while True:
        target = guard(current, allowed_hosts)
        origin = (target.scheme, target.host, target.port)
        first_origin = first_origin or origin
        if origin != first_origin:  # credentials meant for the first host stay with it
            sent = {k: v for k, v in sent.items() if k.lower() not in PRIVATE_HEADERS}
        status, answer_headers, body, truncated, location = _hop(target, sent, clock, max_bytes)
        if location is None:
            return Response(status, answer_headers, current, body, truncated, tuple(redirects))
        if len(redirects) >= max_redirects:
            raise TooManyRedirects(f"more than {max_redirects} redirects")
        redirects.append(current)
        current = location
