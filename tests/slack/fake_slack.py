"""A fake Slack on 127.0.0.1: the Web API, response URLs, file uploads and Socket Mode.

It records every call (method, parameters, token) and answers in Slack's own format, so that
the real slack_sdk / slack_bolt clients run against it unchanged (``base_url``). Tests script
failures per method: an error code, or a 429 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

__all__ = ["Call", "FakeSlack"]

TEAM = "T0TEAMROUNDS"
BOT_USER = "U0BOTROUNDS"
BOT_ID = "B0BOTROUNDS"
APP_ID = "A0APPROUNDS"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)
    #: "ok", or the error Slack answered ("ratelimited" for a 429)
    answer: str = "ok"
    #: what Slack answered besides ``ok``
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Failure:
    error: str | None
    retry_after: int | None
    times: int


class FakeSlack:
    def __init__(self, *, team: str = TEAM) -> None:
        self.team = team
        self.calls: list[Call] = []
        self.responses: list[tuple[str, dict[str, Any]]] = []
        self.uploads: list[bytes] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, list[_Failure]] = {}
        self.socket_acks: dict[str, Any] = {}
        self.oauth_install: dict[str, Any] = {}
        self._ts = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._ws_ready = asyncio.Event()
        self._acked: dict[str, asyncio.Event] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_post("/upload/{file}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, key: str) -> str:
        return f"{self.url}/response/{key}"

    # -- scripting -------------------------------------------------------------------------

    def add_user(
        self, user_id: str, name: str, tz: str = "America/New_York", *, admin: bool = False
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "name": name,
            "real_name": name.title(),
            "tz": tz,
            "is_admin": admin,
            "is_bot": False,
            "profile": {"display_name": name, "real_name": name.title()},
        }

    def add_channel(
        self, channel_id: str, name: str, *, private: bool = False, members: tuple[str, ...] = ()
    ) -> None:
        self.channels[channel_id] = {
            "id": channel_id,
            "name": name,
            "is_channel": not private,
            "is_private": private,
            "num_members": len(members),
            "members": list(members),
        }

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer ``{"ok": false, "error": error}``."""
        self.failures.setdefault(method, []).append(_Failure(error, None, times))

    def rate_limit(self, method: str, retry_after: int, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer 429 with ``Retry-After``."""
        self.failures.setdefault(method, []).append(_Failure("ratelimited", retry_after, times))

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def ok(self, method: str) -> list[Call]:
        """The calls of ``method`` that Slack carried out."""
        return [c for c in self.of(method) if c.answer == "ok"]

    # -- the Web API -----------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        for key in ("blocks", "view", "files", "users"):
            value = params.get(key)
            if isinstance(value, str) and value[:1] in "[{":
                params[key] = json.loads(value)
        return params

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth else params.get("token")
        self.calls.append(Call(method, params, token))
        pending = self.failures.get(method)
        if pending:
            failure = pending[0]
            failure.times -= 1
            if failure.times <= 0:
                pending.pop(0)
            self.calls[-1].answer = failure.error or "ratelimited"
            if failure.retry_after is not None:
                return web.json_response(
                    {"ok": False, "error": "ratelimited"},
                    status=429,
                    headers={"Retry-After": str(failure.retry_after)},
                )
            return web.json_response({"ok": False, "error": failure.error})
        if method != "oauth.v2.access" and not token:
            return web.json_response({"ok": False, "error": "not_authed"})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        body = answer(params) if answer is not None else {}
        self.calls[-1].result = body
        return web.json_response({"ok": True, **body}, headers={"x-oauth-scopes": "chat:write"})

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://rounds-test.slack.com/",
            "team": "Rounds Test",
            "user": "rounds",
            "team_id": self.team,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = self._next_ts()
        return {
            "channel": params["channel"],
            "ts": ts,
            "message": {"ts": ts, "text": params.get("text")},
        }

    def _chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"message_ts": self._next_ts()}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"channel": params["channel"], "ts": params["ts"]}

    def _chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"channel": params["channel"], "ts": params["ts"]}

    def _chat_getPermalink(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = str(params["message_ts"]).replace(".", "")
        return {"permalink": f"https://rounds-test.slack.com/archives/{params['channel']}/p{ts}"}

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params["users"])
        return {"channel": {"id": "D" + user[1:]}}

    def _conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params["channel"])
        return {"channel": self.channels.get(channel) or {"id": channel, "name": channel.lower()}}

    def _conversations_list(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"channels": list(self.channels.values()), "response_metadata": {"next_cursor": ""}}

    def _conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        members = self.channels.get(str(params["channel"]), {}).get("members", [])
        return {"members": members, "response_metadata": {"next_cursor": ""}}

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params["user"])
        if user not in self.users:
            self.add_user(user, user.lower())
        return {"user": self.users[user]}

    def _users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"members": list(self.users.values()), "response_metadata": {"next_cursor": ""}}

    def _views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": "V0HOME", **params["view"]}}

    def _files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ts):08d}"
        return {"upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in params["files"]]}

    def _apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://127.0.0.1:{self.port}/socket"}

    def _oauth_v2_access(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.oauth_install

    # -- response URLs and uploads ---------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.responses.append((request.match_info["key"], body))
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads.append(await request.read())
        return web.Response(text="OK")

    # -- Socket Mode -----------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"type": "hello", "num_connections": 1})
        self._ws_ready.set()
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            envelope = data.get("envelope_id")
            if envelope:
                self.socket_acks[envelope] = data.get("payload")
                self._acked.setdefault(envelope, asyncio.Event()).set()
        return ws

    async def push(self, kind: str, payload: dict[str, Any], envelope_id: str) -> Any:
        """Send one envelope over the Socket Mode connection; return the app's ack payload."""
        await asyncio.wait_for(self._ws_ready.wait(), 10)
        assert self._ws is not None
        event = self._acked.setdefault(envelope_id, asyncio.Event())
        await self._ws.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        await asyncio.wait_for(event.wait(), 10)
        return self.socket_acks[envelope_id]
