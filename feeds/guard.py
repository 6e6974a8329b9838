"""The SSRF guard: which addresses a feed fetch may connect to.

Two layers, both driven by one :class:`AddressPolicy`:

* :func:`check_url` runs before every request (the first and every redirect hop): only
  http/https, a host, and a host that is an IP literal in *any* form a resolver accepts
  (``127.0.0.1``, ``127.1``, ``2130706433``, ``0x7f000001``, ``017700000001``, ``[::1]``,
  ``[::ffff:127.0.0.1]``…) must be a public address, or the request is refused without
  connecting.
* :class:`feeds.resolver.GuardedResolver` wraps aiohttp's resolver and drops every resolved
  address the policy refuses. aiohttp connects only to what the resolver returned, so the
  address checked is the address used: there is no DNS-rebinding window between check and
  connect.

This module does not import aiohttp: a process that only checks settings or URLs (the bot
validating ``feeds.allowed_networks`` at start) does not load the HTTP client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from yarl import URL

from .errors import FailureKind, FeedFailure

__all__ = [
    "AddressPolicy",
    "BlockedAddressError",
    "check_url",
    "is_public_address",
    "parse_ip_host",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")


def _parse_ipv4_part(text: str) -> int | None:
    """One component of a legacy IPv4 form: decimal, ``0x`` hex or leading-zero octal."""
    if not text:
        return None
    try:
        if text[:2] in ("0x", "0X"):
            return int(text[2:], 16) if text[2:] else 0
        if len(text) > 1 and text[0] == "0":
            return int(text[1:], 8)
        return int(text, 10) if text.isdigit() else None
    except ValueError:
        return None


def _parse_legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """``inet_aton`` semantics: 1 to 4 parts, the last one filling the remaining bytes."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = [_parse_ipv4_part(p) for p in parts]
    if any(v is None for v in values):
        return None
    nums = [v for v in values if v is not None]
    head, last = nums[:-1], nums[-1]
    if any(v > 255 for v in head) or last >= 1 << (8 * (4 - len(head))):
        return None
    value = 0
    for v in head:
        value = (value << 8) | v
    value = (value << (8 * (4 - len(head)))) | last
    return ipaddress.IPv4Address(value)


def parse_ip_host(host: str) -> IPAddress | None:
    """The IP address ``host`` denotes if it is an IP literal in any accepted form, else None.

    >>> str(parse_ip_host("0x7f000001"))
    '127.0.0.1'
    """
    h = host.strip()
    if h.endswith(".") and not h.endswith(".."):
        h = h[:-1]
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h.split("%", 1)[0])
        except ValueError:
            return None
    if not h or not all(c.isalnum() or c == "." for c in h):
        return None
    if h[0].isdigit():
        return _parse_legacy_ipv4(h.lower())
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(ip: IPAddress) -> bool:
    """True for a globally routable unicast address.

    Refused: loopback, private, shared (CGNAT), link-local, multicast, reserved,
    unspecified, documentation and benchmarking ranges, site-local, unique-local, and IPv6
    forms embedding one of those (IPv4-mapped, 6to4, NAT64).
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL or ip.is_site_local:
            return False
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_public_address(inner)
        if ip.teredo is not None:
            return False
    elif ip in _SHARED:
        return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses may be fetched.

    ``allow_private_networks`` turns the guard off (a lab or intranet deployment, tests on
    127.0.0.1). ``allowed_networks`` lets named ranges through while the guard stays on
    (e.g. one intranet feed server).
    """

    allow_private_networks: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def build(cls, allow_private_networks: bool, allowed: Iterable[str] = ()) -> AddressPolicy:
        """A policy from config strings such as ``"10.1.2.0/24"``."""
        nets = tuple(ipaddress.ip_network(a, strict=False) for a in allowed)
        return cls(allow_private_networks, nets)

    def permits(self, ip: IPAddress) -> bool:
        """True when a connection to ``ip`` is allowed."""
        if self.allow_private_networks:
            return True
        if any(ip.version == n.version and ip in n for n in self.allowed_networks):
            return True
        return is_public_address(ip)


def check_url(url: str | URL, policy: AddressPolicy) -> URL:
    """Validate a URL before any connection; raises :class:`FeedFailure` when refused."""
    try:
        parsed = url if isinstance(url, URL) else URL(url.strip())
        scheme = parsed.scheme.lower()
        host = parsed.raw_host
        _ = parsed.port
    except (ValueError, TypeError, UnicodeError) as exc:
        raise FeedFailure(FailureKind.INVALID_URL) from exc
    if scheme not in ("http", "https"):
        raise FeedFailure(FailureKind.SCHEME)
    if not host:
        raise FeedFailure(FailureKind.INVALID_URL)
    ip = parse_ip_host(host)
    if ip is not None:
        if not policy.permits(ip):
            raise FeedFailure(FailureKind.PRIVATE_ADDRESS)
    elif not policy.allow_private_networks:
        name = host.lower().rstrip(".")
        if name == "localhost" or name.endswith(".localhost"):
            raise FeedFailure(FailureKind.PRIVATE_ADDRESS)
    return parsed


class BlockedAddressError(OSError):
    """Every address a host resolved to was refused by the policy."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host}: no permitted address")
        self.host = host
