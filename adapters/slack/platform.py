"""Slack as an implementation of the core's Platform port.

Every call names the workspace; its bot token comes from the :class:`TokenSource` (the one
configured token, or the OAuth installation). Public posts are paced per channel. A private
reply goes as an ephemeral message (``chat.postEphemeral``), else through the ``response_url``
of the slash command or click being answered (it works where the bot is not a member), else as
a DM: it is never dropped. Ids are Slack's own: channel ids, user ids, message ``ts``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.clients import Clients
from adapters.slack.directory import Directory, api_error
from adapters.slack.interaction import Interaction, current
from adapters.slack.pacing import Pacer
from adapters.slack.render import SlackMessage, render, render_home, render_single
from adapters.slack.tokens import TokenSource, WorkspaceUnavailable
from bot.domain.reply import FileOut, Reply
from bot.platform import Capabilities, ChannelInfo, MessageRef, UserInfo

__all__ = ["SlackPlatform"]

log = logging.getLogger(__name__)

# Errors after which a private reply takes its next path instead of failing.
_NOT_THERE = {"channel_not_found", "not_in_channel", "user_not_in_channel", "is_archived"}
_NOT_EDITABLE = {
    "message_not_found",
    "cant_update_message",
    "cant_delete_message",
    "edit_window_closed",
}


class SlackPlatform:
    name = "slack"
    capabilities = Capabilities(
        threads=True,
        ephemeral=True,
        reactions=True,
        edits=True,
        delete_others=False,
        buttons=True,
        files=True,
        max_message_chars=40000,
    )

    def __init__(
        self, clients: Clients, tokens: TokenSource, data_dir: Path, pacer: Pacer | None = None
    ) -> None:
        self.clients = clients
        self.tokens = tokens
        self.data_dir = data_dir
        self.pacer = pacer or Pacer()
        self.directory = Directory(self.client)

    async def client(self, workspace: str) -> AsyncWebClient:
        token = await self.tokens.bot_token(workspace)
        if token is None:
            raise WorkspaceUnavailable(f"no Slack token for workspace {workspace}")
        return self.clients.web(token)

    # -- posting ---------------------------------------------------------------------------

    async def _post_messages(
        self, workspace: str, channel: str, messages: list[SlackMessage], thread: str | None
    ) -> str | None:
        """Post in order, paced; the ts of the first message."""
        client = await self.client(workspace)
        first: str | None = None
        for message in messages:
            async with self.pacer.turn(f"{workspace}/{channel}"):
                response = await client.chat_postMessage(
                    channel=channel,
                    text=message.text,
                    blocks=message.blocks,
                    thread_ts=thread,
                    unfurl_links=False,
                    unfurl_media=False,
                )
            first = first or str(response["ts"])
        return first

    async def post(
        self, workspace: str, channel: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef:
        messages = render(reply)
        try:
            ts = await self._post_messages(workspace, channel, messages, thread)
        except SlackApiError as exc:
            if api_error(exc) != "not_in_channel" or not await self._join(workspace, channel):
                return await self._post_elsewhere(workspace, channel, reply, thread, exc)
            ts = await self._post_messages(workspace, channel, messages, thread)
        await self._upload(workspace, channel, reply.files, thread)
        return MessageRef(channel, ts or "", thread)

    async def _join(self, workspace: str, channel: str) -> bool:
        """Join a public channel the bot was not in (``channels:join``); False elsewhere."""
        try:
            await (await self.client(workspace)).conversations_join(channel=channel)
        except SlackApiError as exc:
            log.info("conversations.join failed: %s", api_error(exc))
            return False
        return True

    async def _post_elsewhere(
        self,
        workspace: str,
        channel: str,
        reply: Reply,
        thread: str | None,
        exc: SlackApiError,
    ) -> MessageRef:
        """A public answer to a command in a channel the bot cannot enter: the command's
        response_url posts it in the channel all the same."""
        interaction = current(workspace, channel)
        if interaction is None or not await self._respond(interaction, reply, "in_channel"):
            raise exc
        return MessageRef(channel, "", thread)

    async def _respond(
        self, interaction: Interaction, reply: Reply, kind: str, **extra: Any
    ) -> bool:
        """Send through the interaction's response_url; False when Slack refused it."""
        assert interaction.response_url is not None
        webhook = self.clients.webhook(interaction.response_url)
        for message in render(reply) or [render_single(reply)]:
            interaction.uses += 1
            response = await webhook.send_dict(
                {"response_type": kind, "text": message.text, "blocks": message.blocks, **extra}
            )
            if response.status_code != 200:
                log.info("response_url refused a message: HTTP %s", response.status_code)
                return False
        return True

    async def ephemeral(
        self, workspace: str, channel: str, user: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef | None:
        messages = render(reply)
        client = await self.client(workspace)
        first: str | None = None
        try:
            for message in messages:
                response = await client.chat_postEphemeral(
                    channel=channel,
                    user=user,
                    text=message.text,
                    blocks=message.blocks,
                    thread_ts=thread,
                )
                first = first or str(response.get("message_ts") or "")
        except SlackApiError as exc:
            if api_error(exc) not in _NOT_THERE or first is not None:
                raise
            interaction = current(workspace, channel, user)
            if interaction is None or not await self._respond(
                interaction, reply, "ephemeral", replace_original=False
            ):
                return await self.dm(workspace, user, reply)
            first = ""
        if reply.files:
            # Ephemeral messages carry no files: those go to the member's DM.
            await self._dm_files(workspace, user, reply.files)
        return MessageRef(channel, first or "", thread)

    async def dm(self, workspace: str, user: str, reply: Reply) -> MessageRef | None:
        channel = await self.directory.dm_channel(workspace, user)
        if channel is None:
            return None
        ts = await self._post_messages(workspace, channel, render(reply), None)
        await self._upload(workspace, channel, reply.files, None)
        return MessageRef(channel, ts or "", None)

    async def _dm_files(self, workspace: str, user: str, files: tuple[FileOut, ...]) -> None:
        channel = await self.directory.dm_channel(workspace, user)
        if channel is not None:
            await self._upload(workspace, channel, files, None)

    async def _upload(
        self, workspace: str, channel: str, files: tuple[FileOut, ...], thread: str | None
    ) -> None:
        if not files:
            return
        client = await self.client(workspace)
        for out in files:
            path = Path(out.path)
            path = path if path.is_absolute() else self.data_dir / path
            async with self.pacer.turn(f"{workspace}/{channel}"):
                await client.files_upload_v2(
                    channel=channel,
                    thread_ts=thread,
                    file=str(path),
                    filename=out.name,
                    title=out.name,
                )

    # -- changing messages -----------------------------------------------------------------

    def _clicked(self, workspace: str, ref: MessageRef) -> Interaction | None:
        """The click being answered, when it was on ``ref`` (an ephemeral message, say)."""
        interaction = current(workspace, ref.channel)
        if interaction is not None and ref.id and interaction.message_id == ref.id:
            return interaction
        return None

    async def edit(self, workspace: str, ref: MessageRef, reply: Reply) -> None:
        message = render_single(reply)
        try:
            client = await self.client(workspace)
            await client.chat_update(
                channel=ref.channel or "", ts=ref.id, text=message.text, blocks=message.blocks
            )
        except SlackApiError as exc:
            clicked = self._clicked(workspace, ref)
            if api_error(exc) in _NOT_EDITABLE and clicked is not None:
                await self._respond(clicked, reply, "ephemeral", replace_original=True)
                return
            log.warning("chat.update failed: %s", api_error(exc))

    async def delete(self, workspace: str, ref: MessageRef) -> bool:
        try:
            client = await self.client(workspace)
            await client.chat_delete(channel=ref.channel or "", ts=ref.id)
        except SlackApiError as exc:
            clicked = self._clicked(workspace, ref)
            if clicked is not None and clicked.response_url is not None:
                webhook = self.clients.webhook(clicked.response_url)
                clicked.uses += 1
                response = await webhook.send_dict({"delete_original": True})
                return response.status_code == 200
            log.info("chat.delete failed: %s", api_error(exc))
            return False
        return True

    async def react(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        if ref.channel is None:
            return  # a DM seen from the core has no channel id to react in
        try:
            client = await self.client(workspace)
            await client.reactions_add(channel=ref.channel, timestamp=ref.id, name=emoji)
        except SlackApiError as exc:
            if api_error(exc) != "already_reacted":
                log.warning("reactions.add failed: %s", api_error(exc))

    async def unreact(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        if ref.channel is None:
            return
        try:
            client = await self.client(workspace)
            await client.reactions_remove(channel=ref.channel, timestamp=ref.id, name=emoji)
        except SlackApiError as exc:
            if api_error(exc) != "no_reaction":
                log.warning("reactions.remove failed: %s", api_error(exc))

    # -- looking up ------------------------------------------------------------------------

    async def resolve_user(self, workspace: str, query: str) -> UserInfo | None:
        return await self.directory.user(workspace, query)

    async def resolve_channel(self, workspace: str, query: str) -> ChannelInfo | None:
        return await self.directory.channel(workspace, query)

    async def is_member(self, workspace: str, channel: str, user: str) -> bool:
        return user in await self.directory.members(workspace, channel)

    async def permalink(self, workspace: str, ref: MessageRef) -> str | None:
        if ref.channel is None or not ref.id:
            return None
        try:
            client = await self.client(workspace)
            response = await client.chat_getPermalink(channel=ref.channel, message_ts=ref.id)
        except SlackApiError as exc:
            log.info("chat.getPermalink failed: %s", api_error(exc))
            return None
        return str(response["permalink"])

    async def mark_thread(self, workspace: str, ref: MessageRef, state: str) -> None:
        """Slack threads have no states: the bot's own messages in the thread say it."""

    # -- App Home --------------------------------------------------------------------------

    async def publish_home(self, workspace: str, user: str, reply: Reply) -> None:
        """Show ``reply`` as the member's App Home tab."""
        client = await self.client(workspace)
        await client.views_publish(user_id=user, view=render_home(reply))
