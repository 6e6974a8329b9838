"""Users and channels of a workspace, looked up on demand and cached.

``users.info`` gives names and the time zone that quiet hours need; ``conversations.info``
privacy and member count; ``conversations.open`` the DM channel of a user. Names change rarely,
so answers are kept for ten minutes; DM channels never change. Lookups by name (``#name``,
``@name``) read the workspace list once per ten minutes: slash commands send mentions as ids
(``should_escape``), so those are the exception.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.platform import ChannelInfo, UserInfo

__all__ = ["Directory", "api_error"]

log = logging.getLogger(__name__)

TTL = 600.0
_LIST_PAGES = 25  # at most 25 × 200 users or channels read for one name lookup
_USER_ID = re.compile(r"^<?@?([UW][A-Z0-9]{2,})(?:\|[^>]*)?>?$")
_CHANNEL_ID = re.compile(r"^<?#?([CGD][A-Z0-9]{2,})(?:\|[^>]*)?>?$")

T = TypeVar("T")
ClientFor = Callable[[str], Awaitable[AsyncWebClient]]


def api_error(exc: SlackApiError) -> str:
    """Slack's error code (``channel_not_found``), never the response body."""
    data: Any = getattr(exc.response, "data", None)
    return str(data.get("error", "unknown")) if isinstance(data, dict) else "unknown"


class _Cache(dict[tuple[str, str], tuple[float, Any]]):
    def fresh(self, key: tuple[str, str]) -> tuple[bool, Any]:
        entry = self.get(key)
        if entry is None or entry[0] < time.monotonic():
            return False, None
        return True, entry[1]

    def keep(self, key: tuple[str, str], value: T, ttl: float = TTL) -> T:
        self[key] = (time.monotonic() + ttl, value)
        return value


def _user(data: dict[str, Any]) -> UserInfo:
    profile = data.get("profile") or {}
    display = str(profile.get("display_name") or "")
    name = display or str(profile.get("real_name") or data.get("real_name") or data["name"])
    return UserInfo(
        id=str(data["id"]),
        name=name,
        display_name=display,
        tz=data.get("tz") or None,
        is_bot=bool(data.get("is_bot")),
    )


def _channel(data: dict[str, Any]) -> ChannelInfo:
    private = bool(data.get("is_private") or data.get("is_im") or data.get("is_mpim"))
    return ChannelInfo(
        id=str(data["id"]),
        name=str(data.get("name") or data["id"]),
        private=private,
        member_count=int(data.get("num_members") or 0),
    )


class Directory:
    def __init__(self, client_for: ClientFor) -> None:
        self.client_for = client_for
        self._users = _Cache()
        self._channels = _Cache()
        self._dms: dict[tuple[str, str], str] = {}
        self._names = _Cache()
        self._members = _Cache()
        self._admins: dict[tuple[str, str], bool] = {}

    async def user(self, workspace: str, query: str) -> UserInfo | None:
        """A user by id or mention (``U…``, ``<@U…|name>``), else by name (``@name``)."""
        match = _USER_ID.match(query.strip())
        if match is None:
            return await self._user_by_name(workspace, query.strip().lstrip("@").lower())
        user_id = match.group(1)
        hit, found = self._users.fresh((workspace, user_id))
        if hit:
            return found  # type: ignore[no-any-return]
        client = await self.client_for(workspace)
        try:
            response = await client.users_info(user=user_id)
        except SlackApiError as exc:
            log.info("users.info failed: %s", api_error(exc))
            return self._users.keep((workspace, user_id), None, ttl=60.0)
        data = response["user"]
        self._admins[(workspace, user_id)] = bool(data.get("is_admin") or data.get("is_owner"))
        return self._users.keep((workspace, user_id), _user(data))

    async def workspace_admin(self, workspace: str, user_id: str) -> bool:
        """Whether Slack says the user is an owner or admin of the workspace."""
        await self.user(workspace, user_id)
        return self._admins.get((workspace, user_id), False)

    async def channel(self, workspace: str, query: str) -> ChannelInfo | None:
        """A channel by id or mention (``C…``, ``<#C…|name>``), else by name (``#name``)."""
        match = _CHANNEL_ID.match(query.strip())
        if match is None:
            return await self._channel_by_name(workspace, query.strip().lstrip("#").lower())
        channel_id = match.group(1)
        hit, found = self._channels.fresh((workspace, channel_id))
        if hit:
            return found  # type: ignore[no-any-return]
        client = await self.client_for(workspace)
        try:
            response = await client.conversations_info(channel=channel_id, include_num_members=True)
        except SlackApiError as exc:
            log.info("conversations.info failed: %s", api_error(exc))
            return self._channels.keep((workspace, channel_id), None, ttl=60.0)
        return self._channels.keep((workspace, channel_id), _channel(response["channel"]))

    async def dm_channel(self, workspace: str, user_id: str) -> str | None:
        """The DM channel between the bot and a user, opened if needed."""
        found = self._dms.get((workspace, user_id))
        if found is not None:
            return found
        client = await self.client_for(workspace)
        try:
            response = await client.conversations_open(users=user_id)
        except SlackApiError as exc:
            log.info("conversations.open failed: %s", api_error(exc))
            return None
        channel_id = str(response["channel"]["id"])
        self._dms[(workspace, user_id)] = channel_id
        return channel_id

    async def members(self, workspace: str, channel: str) -> frozenset[str]:
        """Who is in a channel. Kept one minute only, and forgotten at once when Slack says
        someone joined or left: private-channel content is shown by this answer."""
        hit, found = self._members.fresh((workspace, channel))
        if hit:
            return found  # type: ignore[no-any-return]
        try:
            members = await self._pages(
                workspace, "conversations.members", "members", channel=channel
            )
        except SlackApiError as exc:
            log.info("conversations.members failed: %s", api_error(exc))
            return frozenset()  # unknown membership shows nothing private
        return self._members.keep((workspace, channel), frozenset(map(str, members)), ttl=60.0)

    def forget_members(self, workspace: str, channel: str) -> None:
        self._members.pop((workspace, channel), None)

    async def _pages(self, workspace: str, method: str, key: str, **params: Any) -> list[Any]:
        client = await self.client_for(workspace)
        found: list[Any] = []
        cursor: str | None = None
        for _ in range(_LIST_PAGES):
            response = await client.api_call(
                method, http_verb="GET", params={**params, "limit": 200, "cursor": cursor or ""}
            )
            found.extend(response.get(key) or [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return found

    async def _user_by_name(self, workspace: str, name: str) -> UserInfo | None:
        hit, names = self._names.fresh((workspace, "users"))
        if not hit:
            try:
                members = await self._pages(workspace, "users.list", "members")
            except SlackApiError as exc:
                log.info("users.list failed: %s", api_error(exc))
                return None
            names = {}
            for data in members:
                if data.get("deleted"):
                    continue
                info = _user(data)
                self._users.keep((workspace, info.id), info)
                for key in (str(data.get("name") or ""), info.display_name, info.name):
                    names.setdefault(key.lower(), info)
            self._names.keep((workspace, "users"), names)
        return names.get(name)  # type: ignore[no-any-return]

    async def _channel_by_name(self, workspace: str, name: str) -> ChannelInfo | None:
        hit, names = self._names.fresh((workspace, "channels"))
        if not hit:
            try:
                channels = await self._pages(
                    workspace,
                    "conversations.list",
                    "channels",
                    types="public_channel,private_channel",
                    exclude_archived="true",
                )
            except SlackApiError as exc:
                log.info("conversations.list failed: %s", api_error(exc))
                return None
            names = {str(c.get("name", "")).lower(): _channel(c) for c in channels}
            self._names.keep((workspace, "channels"), names)
        return names.get(name)  # type: ignore[no-any-return]
