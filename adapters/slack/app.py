"""The Slack adapter's composition root: one bolt AsyncApp on the shared event loop.

``slack.mode`` chooses Socket Mode (an app-level token; no public URL) or HTTP mode (the
signing secret; :class:`HttpServer` on ``slack.host``/``slack.port``). ``client_id`` and
``client_secret`` make it a multi-workspace app installed through OAuth, with tokens kept
encrypted in Rounds' database; otherwise the one ``bot_token`` serves one workspace.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from adapters.slack.cipher import TokenCipher
from adapters.slack.clients import DEFAULT_API_BASE_URL, Clients
from adapters.slack.listeners import register
from adapters.slack.logs import LIB_LOGGER, library_logger
from adapters.slack.manifest import BOT_SCOPES
from adapters.slack.members import SlackMembers
from adapters.slack.oauth import SignedStateStore
from adapters.slack.pacing import Pacer
from adapters.slack.platform import SlackPlatform
from adapters.slack.server import HttpServer
from adapters.slack.store import DatabaseInstallationStore
from adapters.slack.tokens import InstalledTokens, SingleToken, TokenSource
from bot.config import SlackConfig
from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["SlackAdapter", "check_config"]

log = logging.getLogger(__name__)


def _oauth(config: SlackConfig) -> bool:
    return bool(config.client_id and config.client_secret)


def check_config(config: SlackConfig) -> None:
    """Raise :class:`ConfigError` naming the first key the chosen mode lacks."""
    if not (config.bot_token or _oauth(config)):
        raise ConfigError("config key slack.bot_token: required (or client_id and client_secret)")
    if config.mode == "socket" and not config.app_token:
        raise ConfigError("config key slack.app_token: Socket Mode needs an app-level token")
    if config.mode == "http" and not config.signing_secret:
        raise ConfigError("config key slack.signing_secret: HTTP mode needs the signing secret")
    if _oauth(config):
        TokenCipher(config.token_encryption_key)  # raises ConfigError naming the key
    if not 0 <= config.port <= 65535:
        raise ConfigError("config key slack.port: expected 0-65535")


class SlackAdapter:
    """Starts and stops Slack for one core. ``pace`` is the pause between two posts to one
    channel (tests shorten it)."""

    def __init__(self, core: Core, *, pace: float = 1.0) -> None:
        self.core = core
        self.config = core.config.slack
        check_config(self.config)
        self.cipher = TokenCipher(self.config.token_encryption_key) if _oauth(self.config) else None
        self.logger = library_logger()
        self.pace = pace
        self.server: HttpServer | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def port(self) -> int:
        """The bound HTTP port (``slack.port`` may be 0: any free port)."""
        return self.server.port if self.server else 0

    async def start(self) -> None:
        config = self.config
        self._session = aiohttp.ClientSession()
        clients = Clients(config.api_base_url or DEFAULT_API_BASE_URL, self._session, self.logger)
        store: DatabaseInstallationStore | None = None
        tokens: TokenSource
        if self.cipher is not None:
            store = DatabaseInstallationStore(self.core, self.cipher, self.logger)
            tokens = InstalledTokens(store)
        else:
            tokens = SingleToken(config.bot_token)
        self.platform = SlackPlatform(clients, tokens, self.core.config.data_dir, Pacer(self.pace))
        self.core.attach(self.platform)
        self.bolt = self._bolt(clients, store)
        members = SlackMembers(self.core, self.platform.directory)
        if store is not None:
            store.on_install = members.installed
        register(self.bolt, self.core, self.platform, tokens, members, config.command_prefix)
        if config.mode == "http" or store is not None:
            self.server = HttpServer(self.bolt, config.signing_secret, events=config.mode == "http")
            await self.server.start(config.host, config.port)
        if config.mode == "socket":
            self._socket = AsyncSocketModeHandler(
                self.bolt, config.app_token, logger=self.logger, web_client=clients.web()
            )
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
        log.info(
            "Slack adapter started (%s mode, %s)",
            config.mode,
            "OAuth installs" if store else "one workspace",
        )

    def _bolt(self, clients: Clients, store: DatabaseInstallationStore | None) -> AsyncApp:
        config = self.config
        common = {
            "logger": self.logger,
            "name": LIB_LOGGER,
            "signing_secret": config.signing_secret,
            # Unhandled requests go to the listeners' error handler, which logs no body.
            "raise_error_for_unhandled_request": True,
            # Listeners only translate and hand the work to a tracked core task: running them
            # before the response means that task exists once Slack has its 200 (shutdown and
            # tests can wait for it), at no cost to the three-second ack.
            "process_before_response": True,
        }
        if store is None:
            return AsyncApp(client=clients.web(config.bot_token), **common)  # type: ignore[arg-type]
        assert self.cipher is not None
        settings = AsyncOAuthSettings(
            client_id=config.client_id,
            client_secret=config.client_secret,
            scopes=list(BOT_SCOPES),
            installation_store=store,
            state_store=SignedStateStore(self.cipher, self.logger),
            logger=self.logger,
        )
        return AsyncApp(
            client=clients.web(),
            oauth_settings=settings,
            installation_store=store,
            **common,  # type: ignore[arg-type]
        )

    async def stop(self) -> None:
        """Stop taking requests, finish the work under way, then close the HTTP session."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self.server is not None:
            await self.server.stop()
        await self.core.idle()
        if self._session is not None:
            await self._session.close()
            self._session = None
