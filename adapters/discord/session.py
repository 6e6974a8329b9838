"""The answer to one interaction: what the core sends while handling it goes back through the
interaction (initial response, deferral, follow-ups) instead of the channel.

Discord wants a first response within 3 seconds. The core's replies reach the adapter as port
calls (``post``, ``ephemeral``, ``dm``, ``edit``) made inside the task that handles the
interaction; a context variable ties them to its :class:`Session`. If no reply came within
:data:`DEFER_AFTER`, the interaction is deferred and the replies follow up.

A deferred slash command shows "thinking…" privately; the first follow-up after a deferral
inherits that visibility (Discord keeps it for backwards compatibility), so a public answer
first resolves the private loading message and then follows up publicly.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextvars import ContextVar
from pathlib import Path

import discord

from adapters.discord.convert import edit_kwargs, send_kwargs
from adapters.discord.render import OutMessage
from bot.platform import MessageRef

__all__ = ["DEFER_AFTER", "Session", "current"]

log = logging.getLogger(__name__)

#: Seconds to wait for the core's first reply before deferring (Discord allows 3).
DEFER_AFTER = 2.0
#: Interaction tokens last 15 minutes; past this, replies go to the channel as usual.
TOKEN_LIFETIME = 14 * 60.0

_current: ContextVar[Session | None] = ContextVar("rounds_discord_session", default=None)


def current() -> Session | None:
    """The live interaction the running task answers, if any."""
    session = _current.get()
    return session if session is not None and session.live else None


class Session:
    def __init__(
        self,
        interaction: discord.Interaction,
        *,
        channel: str | None,
        thread: str | None,
        user: str,
        data_dir: Path,
    ) -> None:
        self.interaction = interaction
        self.channel = channel
        self.thread = thread
        self.user = user
        self.data_dir = data_dir
        self.component = interaction.type is discord.InteractionType.component
        self.clicked = str(interaction.message.id) if interaction.message else None
        self._started = time.monotonic()
        self._lock = asyncio.Lock()
        self._responded = False
        self._loading = False  # deferred with a "thinking…" message not yet replaced
        #: whether "@original" is the clicked message (after a silent deferral or an update),
        #: not a new message sent in answer to the click
        self._original_clicked = False
        #: ids of the ephemeral messages sent, which only this interaction can edit or delete
        self.ephemeral_ids: set[str] = set()

    def enter(self) -> object:
        """Make this the session of the current context (and of tasks started from it)."""
        return _current.set(self)

    @staticmethod
    def leave(token: object) -> None:
        _current.reset(token)  # type: ignore[arg-type]

    @property
    def live(self) -> bool:
        return time.monotonic() - self._started < TOKEN_LIFETIME

    def takes_post(self, channel: str, thread: str | None) -> bool:
        return channel == self.channel and thread == self.thread

    def takes_private(self, channel: str | None, user: str) -> bool:
        return user == self.user and channel == self.channel

    def owns(self, message_id: str) -> bool:
        """A message only this interaction can change (ephemeral ones, the clicked one)."""
        return message_id in self.ephemeral_ids or message_id == self.clicked

    async def send(self, messages: list[OutMessage], *, ephemeral: bool) -> str:
        """Send the messages as the interaction's answer; returns the first one's id."""
        first = ""
        async with self._lock:
            for message in messages:
                message_id = await self._send_one(message, ephemeral)
                first = first or message_id
                if ephemeral:
                    self.ephemeral_ids.add(message_id)
        return first

    async def _send_one(self, message: OutMessage, ephemeral: bool) -> str:
        interaction = self.interaction
        kwargs = send_kwargs(message, self.data_dir)
        if not self._responded:
            self._responded = True
            response = await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
            return str(response.message_id or "")
        if self._loading:
            self._loading = False
            if ephemeral:
                edited = await interaction.edit_original_response(
                    **edit_kwargs(message), attachments=kwargs.get("files", [])
                )
                return str(edited.id)
            await interaction.edit_original_response(content="Posted in the channel.")
        sent = await interaction.followup.send(ephemeral=ephemeral, wait=True, **kwargs)
        return str(sent.id)

    async def edit(self, message_id: str, message: OutMessage) -> bool:
        """Change a message this interaction owns (see :meth:`owns`); False when only the
        channel can (the clicked message, once a new message answered the click)."""
        interaction = self.interaction
        async with self._lock:
            if message_id == self.clicked and not self._responded:
                self._responded = self._original_clicked = True
                await interaction.response.edit_message(**edit_kwargs(message))
            elif message_id == self.clicked and self._original_clicked:
                await interaction.edit_original_response(**edit_kwargs(message))
            elif message_id in self.ephemeral_ids:
                await interaction.followup.edit_message(int(message_id), **edit_kwargs(message))
            else:
                return False
        return True

    async def delete(self, message_id: str) -> None:
        async with self._lock:
            await self.interaction.followup.delete_message(int(message_id))

    async def defer(self) -> None:
        """Acknowledge now, answer later: "thinking…" (only to the user) for a command, a
        silent acknowledgement for a button."""
        async with self._lock:
            if self._responded:
                return
            self._responded = True
            if self.component:
                await self.interaction.response.defer()
                self._original_clicked = True
            else:
                await self.interaction.response.defer(ephemeral=True, thinking=True)
                self._loading = True

    async def finish(self) -> None:
        """The core is done with the event: close a deferral or an unanswered command."""
        async with self._lock:
            if not self._responded:
                self._responded = True
                if self.component:
                    await self.interaction.response.defer()
                else:
                    await self.interaction.response.send_message("Done.", ephemeral=True)
            elif self._loading:
                self._loading = False
                await self.interaction.edit_original_response(content="Done.")

    def ref(self, message_id: str) -> MessageRef:
        return MessageRef(self.channel, message_id, self.thread)
