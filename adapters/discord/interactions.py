"""Interactions: app commands become the core's ``CommandEvent`` (the options rebuilt into the
command text, so that the core parses and checks permissions as for any platform), button
clicks its ``ActionEvent``, and autocomplete is answered from the core's data.

Each command or click is dispatched in a task tied to a :class:`Session`; if the core has not
answered within :data:`session.DEFER_AFTER` seconds the interaction is deferred, and the core's
replies follow up when they come.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import discord

from adapters.discord.autocomplete import suggest
from adapters.discord.buttons import parse_custom_id
from adapters.discord.channels import Where, where
from adapters.discord.link import Link, tenant_of
from adapters.discord.options import args_text, invocation
from adapters.discord.session import DEFER_AFTER, Session
from bot.platform import ActionEvent, CommandEvent, Event

__all__ = ["Interactions"]

log = logging.getLogger(__name__)

_STALE = "This command changed since Discord last synced it; try again in a minute."
_EXPIRED = "That button has expired."


class Interactions:
    def __init__(self, link: Link, defer_after: float = DEFER_AFTER) -> None:
        self.link = link
        self.defer_after = defer_after

    async def handle(self, interaction: discord.Interaction) -> None:
        # Discord's 3 seconds run from here, not from when the core gets the event.
        received = time.monotonic()
        kind = interaction.type
        try:
            if kind is discord.InteractionType.application_command:
                await self._command(interaction, received)
            elif kind is discord.InteractionType.autocomplete:
                await self._autocomplete(interaction)
            elif kind is discord.InteractionType.component:
                await self._click(interaction, received)
        except discord.HTTPException as exc:
            # The interaction expired or Discord refused the answer; nothing to retry.
            log.warning("interaction %s not answered: %s", interaction.id, exc.status)

    async def _where(self, interaction: discord.Interaction) -> Where:
        channel_id = interaction.channel_id
        if channel_id is None:
            return Where(None, None, is_dm=True)
        return await where(self.link, channel_id, interaction.channel)

    async def _command(self, interaction: discord.Interaction, received: float) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        found = invocation(self.link.core.registry, data)
        if found is None or interaction.guild_id is None:
            await interaction.response.send_message(_STALE, ephemeral=True)
            return
        spec = found.spec
        text = args_text(spec, found.values)
        if spec.sub is not None:
            text = f"{spec.sub} {text}".rstrip()
        elif text.split(" ", 1)[0].lower() in self.link.core.registry.subcommands(spec.name):
            # The bare form's first value looks like a subcommand name: quoting keeps the
            # core from reading it as one.
            head, _, rest = text.partition(" ")
            text = f'"{head}" {rest}'.rstrip()
        place = await self._where(interaction)
        user = str(interaction.user.id)
        self.link.remember(interaction.user)
        self.link.dm_home.put(user, str(interaction.guild_id))
        event = CommandEvent(
            tenant=tenant_of(interaction.guild_id),
            event_id=str(interaction.id),
            user=user,
            channel=place.channel,
            at=interaction.created_at,
            name=spec.name,
            args=text,
            thread=place.thread,
            is_dm=place.is_dm,
        )
        await self._run(interaction, place, event, received)

    async def _click(self, interaction: discord.Interaction, received: float) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        parsed = parse_custom_id(self.link, str(data.get("custom_id", "")))
        if parsed is None or interaction.message is None:
            await interaction.response.send_message(_EXPIRED, ephemeral=True)
            return
        guild, action, value = parsed
        place = await self._where(interaction)
        user = str(interaction.user.id)
        self.link.remember(interaction.user)
        self.link.dm_home.put(user, guild)
        event = ActionEvent(
            tenant=tenant_of(guild),
            event_id=str(interaction.id),
            user=user,
            channel=place.channel,
            at=interaction.created_at,
            message_id=str(interaction.message.id),
            action=action,
            value=value,
            thread=place.thread,
        )
        await self._run(interaction, place, event, received)

    async def _run(
        self, interaction: discord.Interaction, place: Where, event: Event, received: float
    ) -> None:
        """Dispatch in a task that answers through the session; defer if it takes long."""
        session = Session(
            interaction,
            channel=place.channel,
            thread=place.thread,
            user=event.user,
            data_dir=self.link.core.config.data_dir,
        )
        token = session.enter()
        try:
            # The task copies the context now, so the core's replies find the session.
            work = asyncio.ensure_future(self.link.core.dispatch(event))
        finally:
            Session.leave(token)
        left = self.defer_after - (time.monotonic() - received)
        done, _ = await asyncio.wait({work}, timeout=max(left, 0.0))
        if not done:
            await session.defer()
        await work
        await session.finish()

    async def _autocomplete(self, interaction: discord.Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        found = invocation(self.link.core.registry, data)
        if found is None or found.focused is None or interaction.guild_id is None:
            await interaction.response.autocomplete([])
            return
        typed = str(found.values.get(found.focused) or "")
        pairs = await suggest(
            self.link.core,
            tenant_of(interaction.guild_id),
            str(interaction.user.id),
            found.spec,
            found.focused,
            typed,
        )
        choices = [
            discord.app_commands.Choice(name=label[:100], value=value)
            for label, value in pairs
            if len(value) <= 100
        ]
        await interaction.response.autocomplete(choices)
