"""The SSRF guard: numeric host forms, address classes, URL checks, the filtering resolver."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from feeds.errors import FailureKind, FeedFailure
from feeds.guard import (
    AddressPolicy,
    BlockedAddressError,
    check_url,
    is_public_address,
    parse_ip_host,
)
from feeds.resolver import GuardedResolver

GUARD_ON = AddressPolicy()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("0177.0.0.01", "127.0.0.1"),
        ("0x7f.0x0.0x0.0x1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("[::1]", "::1"),
        ("::1", "::1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("[fe80::1%eth0]", "fe80::1"),
        ("169.254.169.254", "169.254.169.254"),
    ],
)
def test_numeric_host_forms_are_recognised(host: str, expected: str) -> None:
    assert parse_ip_host(host) == ipaddress.ip_address(expected)


@pytest.mark.parametrize("host", ["example.org", "1example.org", "127.0.0.1.nip.io", "", "256.1"])
def test_names_are_not_addresses(host: str) -> None:
    assert parse_ip_host(host) is None


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
        "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a00:1",
        "2002:7f00:1::1", "2002:c0a8:101::1", "2001:db8::1", "fec0::1", "::127.0.0.1",
    ],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_pass(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://2130706433/feed",
        "http://0x7f000001/feed",
        "http://127.1/feed",
        "http://017700000001/feed",
        "http://[::1]:8080/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/rss",
        "http://localhost/rss",
        "http://api.localhost./rss",
        "http://0/rss",
    ],
)
def test_check_url_refuses_private_hosts(url: str) -> None:
    with pytest.raises(FeedFailure) as err:
        check_url(url, GUARD_ON)
    assert err.value.kind is FailureKind.PRIVATE_ADDRESS
    assert err.value.text == "refused: the address is private or local"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "javascript:alert(1)"]
)
def test_check_url_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FeedFailure) as err:
        check_url(url, GUARD_ON)
    assert err.value.kind is FailureKind.SCHEME


@pytest.mark.parametrize("url", ["http://", "not a url", "http://exa mple.org:99999/"])
def test_check_url_refuses_garbage(url: str) -> None:
    with pytest.raises(FeedFailure) as err:
        check_url(url, GUARD_ON)
    assert err.value.kind in (FailureKind.INVALID_URL, FailureKind.SCHEME)


def test_check_url_accepts_public_and_flagged_private() -> None:
    assert check_url("https://www.nejm.org/rss", GUARD_ON).host == "www.nejm.org"
    assert check_url("http://127.0.0.1:8080/", AddressPolicy(allow_private_networks=True))
    lab = AddressPolicy.build(False, ["10.20.0.0/16"])
    assert check_url("http://10.20.1.1/feed", lab)
    with pytest.raises(FeedFailure):
        check_url("http://10.21.1.1/feed", lab)


class _StubResolver(AbstractResolver):
    """Answers from a table, like DNS would (including rebinding-style answers)."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.calls.append(host)
        return [
            {
                "hostname": host,
                "host": a,
                "port": port,
                "family": socket.AF_INET6 if ":" in a else socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
            for a in self.table[host]
        ]

    async def close(self) -> None:
        return None


async def test_guarded_resolver_filters_and_refuses() -> None:
    stub = _StubResolver(
        {
            "public.test": ["93.184.216.34"],
            "mixed.test": ["10.0.0.1", "93.184.216.34", "::1"],
            "internal.test": ["10.0.0.7", "fd00::7"],
            "mapped.test": ["::ffff:169.254.169.254"],
        }
    )
    resolver = GuardedResolver(GUARD_ON, stub)
    assert [r["host"] for r in await resolver.resolve("public.test", 80)] == ["93.184.216.34"]
    assert [r["host"] for r in await resolver.resolve("mixed.test", 80)] == ["93.184.216.34"]
    for host in ("internal.test", "mapped.test"):
        with pytest.raises(BlockedAddressError):
            await resolver.resolve(host, 80)
    assert isinstance(BlockedAddressError("x"), OSError)
    open_resolver = GuardedResolver(AddressPolicy(allow_private_networks=True), stub)
    assert len(await open_resolver.resolve("internal.test", 80)) == 2
