"""The SSRF guard's second layer (see :mod:`feeds.guard`): an aiohttp resolver that only
answers with addresses the :class:`~feeds.guard.AddressPolicy` permits."""

from __future__ import annotations

import socket

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from .guard import AddressPolicy, BlockedAddressError, parse_ip_host

__all__ = ["GuardedResolver"]


class GuardedResolver(AbstractResolver):
    """An aiohttp resolver that filters the wrapped resolver's answers through the policy.

    Addresses the policy refuses are dropped; if none remain the lookup fails with
    :class:`BlockedAddressError`, which aiohttp reports as a connection error.
    """

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner if inner is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve with the inner resolver, keep only permitted addresses."""
        results = await self._inner.resolve(host, port, family)
        kept = [r for r in results if self._permitted(r["host"])]
        if not kept:
            raise BlockedAddressError(host)
        return kept

    def _permitted(self, address: str) -> bool:
        ip = parse_ip_host(address)
        return ip is not None and self._policy.permits(ip)

    async def close(self) -> None:
        """Close the inner resolver."""
        await self._inner.close()
