"""Web API clients.

Every client is aimed at ``slack.api_base_url`` (bolt's ``token=`` would build one aimed at
slack.com), shares one HTTP session, logs through the bodyless library logger, and retries
what Slack asks to be retried: a 429 after its ``Retry-After``, and dropped connections.
slack_sdk's defaults cover connection errors only.
"""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

__all__ = ["DEFAULT_API_BASE_URL", "Clients", "retry_handlers"]

DEFAULT_API_BASE_URL = "https://slack.com/api/"
#: a 429 is retried up to this many times, each after the Retry-After Slack gave
RATE_LIMIT_RETRIES = 8


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]


class Clients:
    """Builds the Web API and ``response_url`` clients on one session."""

    def __init__(self, base_url: str, session: aiohttp.ClientSession, logger: logging.Logger):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.session = session
        self.logger = logger

    def web(self, token: str | None = None) -> AsyncWebClient:
        return AsyncWebClient(
            token=token,
            base_url=self.base_url,
            session=self.session,
            logger=self.logger,
            retry_handlers=retry_handlers(),
        )

    def webhook(self, url: str) -> AsyncWebhookClient:
        return AsyncWebhookClient(
            url, session=self.session, logger=self.logger, retry_handlers=retry_handlers()
        )
