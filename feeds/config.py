"""The fetcher's limits and switches (no HTTP client here: the bot checks its settings at
start without loading aiohttp)."""

from __future__ import annotations

from dataclasses import dataclass

from .guard import AddressPolicy

__all__ = ["USER_AGENT", "FetchConfig"]

USER_AGENT = "Rounds/0.1 (feed reader for physician communities)"


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Limits and switches for fetching (seconds and bytes)."""

    allow_private_networks: bool = False
    allowed_networks: tuple[str, ...] = ()
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0
    max_body_bytes: int = 10 * 1024 * 1024
    #: articles kept from one feed body, the newest (a feed is a window, not an archive)
    max_items_per_feed: int = 500
    max_redirects: int = 5
    concurrency: int = 16
    per_host: int = 4
    user_agent: str = USER_AGENT

    def policy(self) -> AddressPolicy:
        """The address policy these settings describe."""
        return AddressPolicy.build(self.allow_private_networks, self.allowed_networks)
