"""``rounds run`` starts Slack when a bot token (or OAuth client credentials) is configured."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from adapters.slack.app import SlackAdapter, check_config
from bot.config import Config

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["configured", "serve"]


def configured(config: Config) -> bool:
    """Whether Slack is wanted; a Slack config that cannot work raises ``ConfigError`` here,
    before the core starts anything."""
    if not config.slack.configured:
        return False
    check_config(config.slack)
    return True


async def serve(core: Core) -> None:
    """Run the Slack adapter on the running loop until cancelled."""
    adapter = SlackAdapter(core)
    await adapter.start()
    try:
        await asyncio.Event().wait()
    finally:
        await adapter.stop()
