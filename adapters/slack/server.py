"""The HTTP endpoint: ``app.web_app()``'s routes on an aiohttp runner on the shared loop.

``AsyncApp.start()`` would take over the event loop and bind 0.0.0.0; this runner binds the
configured host and port instead. Routes: ``POST /slack/events`` (Events API, slash commands,
interactivity), ``GET /slack/install`` and ``GET /slack/oauth_redirect`` (OAuth installs, when
configured) and ``GET /healthz``.

The signature is checked here, on the raw body, before bolt sees the request: a missing, bad
or stale signature (more than five minutes off) gets 401 and reaches no middleware, no
listener and no log line with its body (bolt's own refusal would log the body at INFO).
No access log is written either: the OAuth redirect carries a code in its query string.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

__all__ = ["EVENTS_PATH", "HttpServer"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
_MAX_BODY = 1024 * 1024


class HttpServer:
    """Serves a bolt app; ``events=False`` leaves only the install pages and the health check
    (Socket Mode with OAuth installs)."""

    def __init__(self, bolt: AsyncApp, signing_secret: str, *, events: bool = True) -> None:
        self.bolt = bolt
        self.verifier = SignatureVerifier(signing_secret) if events else None
        self.web_app = web.Application(client_max_size=_MAX_BODY)
        self.web_app.router.add_get(HEALTH_PATH, self._health)
        if events:
            self.web_app.router.add_post(EVENTS_PATH, self._events)
        flow = bolt.oauth_flow
        if flow is not None:
            self.web_app.router.add_get(flow.install_path, self._install)
            self.web_app.router.add_get(flow.redirect_uri_path, self._oauth_redirect)
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, host: str, port: int) -> None:
        self._runner = web.AppRunner(self.web_app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        address = self._runner.addresses[0]
        self.port = int(address[1])
        log.info("Slack HTTP endpoint listening on %s:%s", host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    def _signed(self, body: bytes, request: web.Request) -> bool:
        assert self.verifier is not None
        timestamp = request.headers.get("X-Slack-Request-Timestamp")
        signature = request.headers.get("X-Slack-Signature")
        try:
            return self.verifier.is_valid(body, timestamp, signature)
        except ValueError:  # a timestamp that is not a number
            return False

    async def _events(self, request: web.Request) -> web.Response:
        body = await request.read()
        if not self._signed(body, request):
            log.warning("refused a request to %s: missing or bad signature", EVENTS_PATH)
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return web.json_response({"error": "invalid request"}, status=400)
        headers: dict[str, str | Sequence[str]] = {
            key: request.headers.getall(key) for key in request.headers
        }
        bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=headers)
        try:
            return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))
        except Exception as exc:  # aiohttp would log the traceback, and messages may quote the body
            log.error("a Slack request failed inside bolt: %s", type(exc).__name__)
            return web.json_response({"error": "internal error"}, status=500)

    async def _install(self, request: web.Request) -> web.Response:
        assert self.bolt.oauth_flow is not None
        response = await self.bolt.oauth_flow.handle_installation(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def _oauth_redirect(self, request: web.Request) -> web.Response:
        assert self.bolt.oauth_flow is not None
        response = await self.bolt.oauth_flow.handle_callback(await to_bolt_request(request))
        return await to_aiohttp_response(response)
