"""Releasing held messages: the author's "Not patient information" button, a moderator's
"Release" of a post held as out of scope, and the notice when an edit scans clean.

A release re-admits the stored copy through the ``on_edit`` hooks (``was_held=True``), as a
clean edit would, so that other capabilities route, mirror or index it then. The stored text
keeps its placeholders: Rounds never had the values, and does not want them."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from bot.context import Ctx, StoredMessage
from bot.domain.reply import Reply
from bot.errors import NotFound, PermissionDenied
from bot.platform import EditEvent, MessageRef
from bot.services.privacy.gate import parse_message_key
from bot.services.privacy.scope import reads_like_patient
from bot.services.privacy.settings import PrivacySettings
from bot.storage.models import MessageCopy
from bot.storage.repos import MemberRepo
from bot.storage.repos.privacy import HoldRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Holds"]

_GONE = "That message is no longer stored (deleted, erased or past retention)."


def _is_dm(row: MessageCopy) -> bool:
    return row.channel.startswith("dm:")


class Holds:
    def __init__(self, core: Core, settings: PrivacySettings) -> None:
        self.core = core
        self.settings = settings

    async def _row(self, ctx: Ctx, value: str) -> MessageCopy:
        channel, message_id = parse_message_key(value)
        async with self.core.db.session() as s:
            row = await HoldRepo(s, ctx.tenant_id).get(channel, message_id)
        if row is None:
            raise NotFound(_GONE)
        return row

    async def not_phi(self, ctx: Ctx, value: str) -> Reply:
        """The author says the finding is no patient information: audited by kind only; a
        post held for identifiers is released (unless it is also held as out of scope)."""
        row = await self._row(ctx, value)
        if row.author_id != ctx.member.id:
            raise PermissionDenied("Only the author of that message can mark it.")
        if not row.phi_kinds:
            return Reply.of(
                "That message is already marked as not patient information.", private=True
            )
        kinds = sorted(row.phi_kinds)
        still_held = row.held and not _is_dm(row) and reads_like_patient(row.text)
        async with self.core.db.session() as s:
            await HoldRepo(s, ctx.tenant_id).set_state(row.id, held=still_held, phi_kinds=())
        target = "dm" if _is_dm(row) else f"#{row.channel}"
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "phi.override", target, detail={"kinds": kinds}
        )
        text = "Thanks: marked as not patient information (the audit log keeps only the kinds)."
        if row.held and not still_held:
            await self._readmit(ctx, row, ())
            text += " Your message is released."
        elif still_held:
            text += " It stays held for a moderator."
        return Reply.of(
            text + " Rounds' copy keeps the placeholders; edit the message if they hide "
            "something colleagues need.",
            private=True,
        )

    async def scope_release(self, ctx: Ctx, value: str) -> Reply:
        """A moderator releases a post held as out of scope."""
        if not ctx.member.has("moderator"):
            raise PermissionDenied("Only moderators and admins can release held messages.")
        row = await self._row(ctx, value)
        if not row.held:
            return Reply.of("That message is not held.", private=True)
        policy = await self.settings.policy(ctx.tenant_id, None if _is_dm(row) else row.channel)
        still_held = bool(row.phi_kinds) and policy == "hold"
        target = "dm" if _is_dm(row) else f"#{row.channel}"
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "scope.release", target)
        if still_held:
            return Reply.of(
                "Released from the scope hold; it stays held until its author edits out the "
                "patient identifiers found in it.",
                private=True,
            )
        async with self.core.db.session() as s:
            await HoldRepo(s, ctx.tenant_id).set_state(
                row.id, held=False, phi_kinds=tuple(row.phi_kinds)
            )
        await self._readmit(ctx, row, tuple(row.phi_kinds))
        return Reply.of("Released: the message now goes where it would have gone.", private=True)

    async def _readmit(self, ctx: Ctx, row: MessageCopy, kinds: tuple[str, ...]) -> None:
        """Run the other capabilities' ``on_edit`` hooks as the author, as for a clean edit."""
        if row.author_id is None:
            return
        async with self.core.db.session() as s:
            author = await MemberRepo(s, ctx.tenant_id).by_id(row.author_id)
        if author is None:
            return
        dm = _is_dm(row)
        channel = None if dm else row.channel
        event = EditEvent(
            tenant=ctx.tenant,
            event_id=f"privacy-release:{secrets.token_hex(6)}",
            user=author.user_id,
            channel=channel,
            at=self.core.clock.now(),
            message_id=row.message_id,
            text=row.text,
            thread=row.thread,
        )
        stored = StoredMessage(
            ref=MessageRef(channel, row.message_id, row.thread),
            author=author,
            text=row.text,
            phi_kinds=kinds,
            held=False,
            is_dm=dm,
            private_channel=row.private_channel,
            files=tuple(row.files),
        )
        author_ctx = Ctx(ctx.tenant, ctx.tenant_id, author, event, ctx.out)
        for hook in self.core.hooks.on_edit:
            if hook != self.on_edit:
                await hook(author_ctx, stored, True)

    async def on_edit(self, ctx: Ctx, stored: StoredMessage, was_held: bool) -> None:
        """Tell the author when their edit lifted the hold."""
        if was_held and not stored.held:
            await ctx.out.private(
                ctx.member.user_id,
                Reply.of("Thanks: your edited message scans clean and is no longer held."),
                channel=ctx.channel,
                thread=ctx.thread,
            )
