"""A fake Discord on 127.0.0.1 (ephemeral port): the REST API v10 routes Rounds uses and a
gateway WebSocket that the real discord.py client connects to.

It answers like Discord where discord.py is particular (JSON only with Content-Type exactly
``application/json``; interaction callbacks read with ``?with_response=1``; the first
follow-up after a deferral replaces the loading message and keeps its visibility), records
every request, and can be told to refuse a route (403, 401, 429…).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord import discord_payloads as p

MESSAGE_CONTENT = 1 << 15
EPHEMERAL = 64

Handler = Callable[[web.Request, dict[str, str], Any], Awaitable[web.StreamResponse]]


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float


@dataclass
class Refusal:
    method: str
    pattern: re.Pattern[str]
    status: int
    code: int
    times: int | None
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: float = 0.0


@dataclass
class Interaction:
    id: str
    token: str
    channel_id: str
    original: str | None = None
    loading: bool = False
    ephemeral: bool = False
    callbacks: list[dict[str, Any]] = field(default_factory=list)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly "application/json".
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
    )


def _empty() -> web.Response:
    return web.Response(status=204)


class FakeDiscord:
    GUILD = "900000000000000001"
    APP = "900000000000000002"
    BOT = "900000000000000003"
    OWNER = "900000000000000010"
    GENERAL = "900000000000000100"
    CARDIOLOGY = "900000000000000101"
    LOCKED = "900000000000000102"
    PRIVATE = "900000000000000103"
    INSIDER = "900000000000000030"
    FORUM = "900000000000000200"
    TAG_OPEN = "900000000000000201"
    TAG_SOLVED = "900000000000000202"

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.refusals: list[Refusal] = []
        self.allow_message_content = True
        #: what GET /gateway/bot answers; None means this fake's own gateway
        self.gateway_url: str | None = None
        self.identifies: list[dict[str, Any]] = []
        self.ready = asyncio.Event()
        self.bot_user = p.user(self.BOT, "rounds", bot=True)
        self.users: dict[str, dict[str, Any]] = {self.BOT: self.bot_user}
        self.closed_dms: set[str] = set()
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.interactions: dict[str, Interaction] = {}
        self.reactions: list[tuple[str, str, str]] = []  # (channel, message, emoji) by the bot
        self.dm_of: dict[str, str] = {}
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.owner = self.add_user(self.OWNER, "olivia")
        self.channels[self.GENERAL] = p.text_channel(self.GENERAL, self.GUILD, "general")
        self.channels[self.CARDIOLOGY] = p.text_channel(self.CARDIOLOGY, self.GUILD, "cardiology")
        self.channels[self.LOCKED] = p.text_channel(self.LOCKED, self.GUILD, "announcements")
        # Only INSIDER (and admins) may read #ethics-consults.
        self.add_user(self.INSIDER, "ines")
        view = str(1 << 10)
        self.channels[self.PRIVATE] = p.text_channel(
            self.PRIVATE,
            self.GUILD,
            "ethics-consults",
            permission_overwrites=[
                {"id": self.GUILD, "type": 0, "allow": "0", "deny": view},
                {"id": self.INSIDER, "type": 1, "allow": view, "deny": "0"},
            ],
        )
        self.channels[self.FORUM] = p.forum_channel(
            self.FORUM,
            self.GUILD,
            "clinical-questions",
            [p.tag(self.TAG_OPEN, "Open", "🟢"), p.tag(self.TAG_SOLVED, "Solved", "✅")],
        )
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._declare_routes()

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ---------------------------------------------------------------- test helpers

    def add_user(self, user_id: str, name: str) -> dict[str, Any]:
        self.users[user_id] = p.user(user_id, name)
        return self.users[user_id]

    def refuse(
        self,
        method: str,
        path: str,
        status: int,
        code: int = 0,
        *,
        times: int | None = None,
        headers: dict[str, str] | None = None,
        retry_after: float = 0.0,
    ) -> None:
        """Answer requests matching ``path`` (a regex on the path after /api/v10) with an
        error, ``times`` times (or always)."""
        self.refusals.append(
            Refusal(method, re.compile(path), status, code, times, headers or {}, retry_after)
        )

    def find(self, method: str, path: str) -> list[Call]:
        pattern = re.compile(path)
        return [c for c in self.calls if c.method == method and pattern.fullmatch(c.path)]

    async def wait_for(self, check: Callable[[], Any], within: float = 10.0) -> Any:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            await asyncio.sleep(0.02)
        raise AssertionError("the fake Discord did not see what the test waited for")

    def in_channel(self, channel: str) -> list[dict[str, Any]]:
        return [m for m in self.messages.values() if m["channel_id"] == channel]

    # ---------------------------------------------------------------- gateway

    @property
    def seq(self) -> int:
        """The sequence number of the last event sent on the gateway."""
        return self._seq

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "no gateway connection"
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    def _guild_payload(self) -> dict[str, Any]:
        members = [p.member(self.bot_user)]
        return p.guild(
            self.GUILD,
            "Cardiology Network",
            self.OWNER,
            [c for c in self.channels.values() if c["type"] != 11],
            members,
        )

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            op = data.get("op")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                self.identifies.append(data["d"])
                if data["d"].get("intents", 0) & MESSAGE_CONTENT and not self.allow_message_content:
                    await ws.close(code=4014, message=b"Disallowed intent(s).")
                    break
                await self.dispatch("READY", self._ready_payload())
                await self.dispatch("GUILD_CREATE", self._guild_payload())
                self.ready.set()
            elif op == 6:
                await self.dispatch("RESUMED", {})
        return ws

    def _ready_payload(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": self.GUILD, "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
            "application": {"id": self.APP, "flags": 0},
            "shard": [0, 1],
        }

    # ---------------------------------------------------------------- members' actions

    def _member_of(self, user_id: str) -> dict[str, Any]:
        return p.member(self.users[user_id], permissions=p.ALL_PERMISSIONS)

    async def say(
        self, user_id: str, channel: str, content: str, *, attachments: list[str] | None = None
    ) -> str:
        """A member posts a message (in a channel, thread or DM channel)."""
        message_id = p.snowflake()
        place = self.channels.get(channel, {})
        files = [
            {
                "id": p.snowflake(),
                "filename": n,
                "size": 10,
                "url": "https://cdn/x",
                "proxy_url": "https://cdn/x",
            }
            for n in attachments or []
        ]
        guild = place.get("guild_id")
        msg = p.message(
            message_id, channel, self.users[user_id], content, guild_id=guild, attachments=files
        )
        self.messages[message_id] = msg
        await self.dispatch("MESSAGE_CREATE", msg)
        return message_id

    async def edit(self, message_id: str, content: str) -> None:
        msg = self.messages[message_id]
        msg["content"] = content
        msg["edited_timestamp"] = p.stamp()
        await self.dispatch("MESSAGE_UPDATE", msg)

    async def delete(self, message_id: str) -> None:
        msg = self.messages.pop(message_id)
        data = {"id": message_id, "channel_id": msg["channel_id"]}
        if "guild_id" in msg:
            data["guild_id"] = msg["guild_id"]
        await self.dispatch("MESSAGE_DELETE", data)

    async def react(self, user_id: str, message_id: str, emoji: str, *, added: bool = True) -> None:
        channel = self.messages[message_id]["channel_id"] if message_id in self.messages else None
        data: dict[str, Any] = {
            "user_id": user_id,
            "channel_id": channel,
            "message_id": message_id,
            "guild_id": self.GUILD,
            "emoji": {"id": None, "name": emoji},
            "type": 0,
            "burst": False,
        }
        if added:
            data["member"] = self._member_of(user_id)
        await self.dispatch("MESSAGE_REACTION_ADD" if added else "MESSAGE_REACTION_REMOVE", data)

    async def forum_post(self, user_id: str, forum: str, title: str, content: str) -> str:
        """A member opens a forum post: a thread and its first message share one id."""
        post = p.snowflake()
        self.channels[post] = p.thread(post, self.GUILD, forum, title, user_id)
        await self.dispatch("THREAD_CREATE", {**self.channels[post], "newly_created": True})
        msg = p.message(post, post, self.users[user_id], content, guild_id=self.GUILD)
        self.messages[post] = msg
        await self.dispatch("MESSAGE_CREATE", msg)
        return post

    async def _interaction(
        self,
        kind: int,
        user_id: str,
        channel: str,
        data: dict[str, Any],
        message: dict[str, Any] | None = None,
    ) -> Interaction:
        interaction = Interaction(p.snowflake(), f"token-{p.snowflake()}", channel)
        self.interactions[interaction.token] = interaction
        payload: dict[str, Any] = {
            "id": interaction.id,
            "application_id": self.APP,
            "type": kind,
            "data": data,
            "channel_id": channel,
            "channel": self.channels[channel],
            "token": interaction.token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.GUILD},
            "app_permissions": p.ALL_PERMISSIONS,
            "attachment_size_limit": 26214400,
        }
        if channel in self.channels and "guild_id" in self.channels[channel]:
            payload["guild_id"] = self.GUILD
            payload["guild_locale"] = "en-US"
            payload["context"] = 0
            payload["member"] = self._member_of(user_id)
        else:
            payload["user"] = self.users[user_id]
            payload["context"] = 1
        if message is not None:
            payload["message"] = message
            interaction.original = message["id"]  # @original of a click is the clicked message
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    async def slash(
        self, user_id: str, channel: str, name: str, sub: str | None = None, /, **options: Any
    ) -> Interaction:
        """A member runs an app command (``sub`` for a subcommand)."""
        opts = [
            {
                "name": k,
                "type": 3 if isinstance(v, str) else 4 if not isinstance(v, bool) else 5,
                "value": v,
            }
            for k, v in options.items()
        ]
        data: dict[str, Any] = {"id": p.snowflake(), "name": name, "type": 1}
        if sub is not None:
            data["options"] = [{"name": sub, "type": 1, "options": opts}]
        else:
            data["options"] = opts
        return await self._interaction(2, user_id, channel, data)

    async def autocomplete(
        self, user_id: str, channel: str, name: str, sub: str, focused: str, typed: str
    ) -> Interaction:
        opts = [{"name": focused, "type": 3, "value": typed, "focused": True}]
        data = {
            "id": p.snowflake(),
            "name": name,
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": opts}],
        }
        return await self._interaction(4, user_id, channel, data)

    async def click(self, user_id: str, message_id: str, custom_id: str) -> Interaction:
        msg = self.messages[message_id]
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interaction(3, user_id, msg["channel_id"], data, message=msg)

    # ---------------------------------------------------------------- REST

    def _route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._routes.append((method, re.compile(pattern), handler))
            return handler

        return register

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.content_type == "application/json":
            body = await request.json()
        elif request.content_type.startswith("multipart/"):
            form = await request.post()
            raw = form.get("payload_json")
            body = json.loads(str(raw)) if raw is not None else {}
            body["_files"] = [k for k in form if k != "payload_json"]
        self.calls.append(Call(request.method, path, dict(request.query), body, time.monotonic()))
        for refusal in self.refusals:
            if refusal.method == request.method and refusal.pattern.fullmatch(path):
                if refusal.times is not None:
                    if refusal.times <= 0:
                        continue
                    refusal.times -= 1
                error: dict[str, Any] = {"message": "refused by the fake", "code": refusal.code}
                if refusal.status == 429:
                    error = {
                        "message": "You are being rate limited.",
                        "retry_after": refusal.retry_after,
                        "global": False,
                    }
                response = _json(error, refusal.status)
                response.headers.update(refusal.headers)
                return response
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if method == request.method and match:
                return await handler(request, match.groupdict(), body)
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def _new_message(
        self, channel: str, body: dict[str, Any], *, flags: int = 0, message_id: str | None = None
    ) -> dict[str, Any]:
        message_id = message_id or p.snowflake()
        guild = self.channels.get(channel, {}).get("guild_id")
        msg = p.message(
            message_id,
            channel,
            self.bot_user,
            body.get("content") or "",
            guild_id=guild,
            embeds=body.get("embeds"),
            components=body.get("components"),
            flags=flags | int(body.get("flags") or 0),
        )
        self.messages[message_id] = msg
        return msg

    def _declare_routes(self) -> None:
        route = self._route

        @route("GET", r"/users/@me")
        async def me(request: web.Request, m: dict[str, str], body: Any) -> web.StreamResponse:
            return _json(self.bot_user)

        @route("GET", r"/oauth2/applications/@me")
        async def app(request: web.Request, m: dict[str, str], body: Any) -> web.StreamResponse:
            return _json(
                {
                    "id": self.APP,
                    "name": "Rounds",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "verify_key": "0" * 64,
                    "owner": self.owner,
                    "flags": 0,
                    "summary": "",
                }
            )

        @route("GET", r"/gateway/bot")
        async def gateway(request: web.Request, m: dict[str, str], body: Any) -> web.StreamResponse:
            return _json(
                {
                    "url": self.gateway_url or f"ws://127.0.0.1:{self.port}/gateway",
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )

        @route("PUT", r"/applications/(?P<app>\d+)(/guilds/(?P<guild>\d+))?/commands")
        async def sync(request: web.Request, m: dict[str, str], body: Any) -> web.StreamResponse:
            out = [
                {**c, "id": p.snowflake(), "application_id": self.APP, "version": p.snowflake()}
                for c in body
            ]
            return _json(out)

        @route("GET", r"/channels/(?P<channel>\d+)")
        async def get_channel(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            channel = self.channels.get(m["channel"])
            if channel is None:
                return _json({"message": "Unknown Channel", "code": 10003}, 404)
            return _json(channel)

        @route("PATCH", r"/channels/(?P<channel>\d+)")
        async def edit_channel(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            channel = self.channels[m["channel"]]
            if "applied_tags" in body:
                channel["applied_tags"] = body["applied_tags"]
            if "archived" in body:
                channel["thread_metadata"]["archived"] = body["archived"]
            if "available_tags" in body:
                channel["available_tags"] = [
                    {**p.tag(t.get("id") or p.snowflake(), t["name"], t.get("emoji_name"))}
                    for t in body["available_tags"]
                ]
            return _json(channel)

        @route("POST", r"/channels/(?P<channel>\d+)/messages")
        async def send(request: web.Request, m: dict[str, str], body: Any) -> web.StreamResponse:
            channel = m["channel"]
            if channel not in self.channels:
                return _json({"message": "Unknown Channel", "code": 10003}, 404)
            recipient = self.channels[channel].get("recipients", [{}])[0].get("id")
            if recipient in self.closed_dms:
                return _json({"message": "Cannot send messages to this user", "code": 50007}, 403)
            return _json(self._new_message(channel, body))

        @route("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)")
        async def edit_message(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            msg = self.messages[m["message"]]
            for key in ("content", "embeds", "components"):
                if key in body:
                    msg[key] = (
                        body[key] if body[key] is not None else ("" if key == "content" else [])
                    )
            return _json(msg)

        @route("DELETE", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)")
        async def delete_message(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            self.messages.pop(m["message"], None)
            return _empty()

        @route(
            "PUT",
            r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)/reactions/(?P<emoji>[^/]+)/@me",
        )
        async def react(request: web.Request, m: dict[str, str], body: Any) -> web.StreamResponse:
            from urllib.parse import unquote

            self.reactions.append((m["channel"], m["message"], unquote(m["emoji"])))
            return _empty()

        @route("POST", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)/threads")
        async def thread_on(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            if m["message"] in self.channels:
                return _json(
                    {
                        "message": "A thread has already been created for this message",
                        "code": 160004,
                    },
                    400,
                )
            data = p.thread(m["message"], self.GUILD, m["channel"], body["name"], self.BOT)
            self.channels[m["message"]] = data
            await self.dispatch("THREAD_CREATE", {**data, "newly_created": True})
            return _json(data)

        @route("POST", r"/channels/(?P<channel>\d+)/threads")
        async def forum_post(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            post = p.snowflake()
            data = p.thread(
                post,
                self.GUILD,
                m["channel"],
                body["name"],
                self.BOT,
                applied_tags=body.get("applied_tags"),
            )
            self.channels[post] = data
            first = self._new_message(post, body.get("message", {}), message_id=post)
            await self.dispatch("THREAD_CREATE", {**data, "newly_created": True})
            return _json({**data, "message": first})

        @route("POST", r"/users/@me/channels")
        async def open_dm(request: web.Request, m: dict[str, str], body: Any) -> web.StreamResponse:
            recipient = str(body["recipient_id"])
            if recipient not in self.dm_of:
                channel = p.snowflake()
                self.dm_of[recipient] = channel
                self.channels[channel] = p.dm_channel(channel, self.users[recipient])
            return _json(self.channels[self.dm_of[recipient]])

        @route("GET", r"/guilds/(?P<guild>\d+)/members/(?P<user>\d+)")
        async def get_member(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            if m["user"] not in self.users:
                return _json({"message": "Unknown Member", "code": 10007}, 404)
            return _json(p.member(self.users[m["user"]]))

        @route("GET", r"/guilds/(?P<guild>\d+)/members/search")
        async def search_members(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            query = request.query["query"].lower()
            found = [u for u in self.users.values() if u["username"].startswith(query)]
            return _json([p.member(u) for u in found[: int(request.query.get("limit", 1))]])

        @route("GET", r"/users/(?P<user>\d+)")
        async def get_user(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            if m["user"] not in self.users:
                return _json({"message": "Unknown User", "code": 10013}, 404)
            return _json(self.users[m["user"]])

        @route("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback")
        async def callback(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            interaction = self.interactions[m["token"]]
            interaction.callbacks.append(body)
            kind = body["type"]
            data = body.get("data") or {}
            flags = int(data.get("flags") or 0)
            result: dict[str, Any] = {"interaction": {"id": interaction.id, "type": 2}}
            if kind in (4, 5):
                msg = self._new_message(
                    interaction.channel_id, data if kind == 4 else {}, flags=flags
                )
                msg["interaction_token"] = interaction.token
                interaction.original = msg["id"]
                interaction.loading = kind == 5
                interaction.ephemeral = bool(flags & EPHEMERAL)
                result["interaction"].update(
                    response_message_id=msg["id"],
                    response_message_loading=kind == 5,
                    response_message_ephemeral=interaction.ephemeral,
                )
                result["resource"] = {"type": kind, "message": msg}
            elif kind == 7:
                msg = self.messages[interaction.original or ""]
                for key in ("content", "embeds", "components"):
                    if key in data:
                        msg[key] = (
                            data[key] if data[key] is not None else ("" if key == "content" else [])
                        )
                result["resource"] = {"type": 7, "message": msg}
            return _json(result)

        @route("POST", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)")
        async def followup(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            interaction = self.interactions[m["token"]]
            flags = int(body.get("flags") or 0)
            if interaction.loading:
                # Discord: the first follow-up resolves the loading message, keeping its flags.
                interaction.loading = False
                msg = self.messages[interaction.original or ""]
                msg.update(
                    content=body.get("content") or "",
                    embeds=body.get("embeds") or [],
                    components=body.get("components") or [],
                )
                return _json(msg)
            msg = self._new_message(interaction.channel_id, body, flags=flags)
            msg["interaction_token"] = interaction.token
            return _json(msg)

        @route(
            "PATCH", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<message>@original|\d+)"
        )
        async def edit_followup(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            interaction = self.interactions[m["token"]]
            target = interaction.original if m["message"] == "@original" else m["message"]
            if m["message"] == "@original":
                interaction.loading = False
            msg = self.messages[target or ""]
            for key in ("content", "embeds", "components"):
                if key in body:
                    msg[key] = (
                        body[key] if body[key] is not None else ("" if key == "content" else [])
                    )
            return _json(msg)

        @route(
            "DELETE", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<message>@original|\d+)"
        )
        async def delete_followup(
            request: web.Request, m: dict[str, str], body: Any
        ) -> web.StreamResponse:
            interaction = self.interactions[m["token"]]
            target = interaction.original if m["message"] == "@original" else m["message"]
            self.messages.pop(target or "", None)
            return _empty()
