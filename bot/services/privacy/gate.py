"""The privacy gate: every message, edit, attachment name and command argument is scanned
before the core stores, routes or logs it. Findings are told to the author alone (kinds and
positions, never values), the stored copy is redacted, and the policy may hold the post."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.commands.spec import CommandSpec
from bot.context import Ctx
from bot.dispatch import dm_channel
from bot.domain.reply import Reply
from bot.errors import RoundsError
from bot.gate import GateResult
from bot.platform import EditEvent, FileRef, MessageEvent, MessageRef
from bot.services.privacy import notices
from bot.services.privacy.alerts import Moderators
from bot.services.privacy.findings import Detection, detect
from bot.services.privacy.own import own_identity
from bot.services.privacy.scope import reads_like_patient
from bot.services.privacy.settings import PrivacySettings
from bot.storage.repos.privacy import HoldRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["PrivacyGate", "message_key", "parse_message_key"]

log = logging.getLogger(__name__)

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff")


def message_key(channel: str, message_id: str) -> str:
    """The value a button carries to name a stored message copy."""
    return f"{channel}|{message_id}"


def parse_message_key(value: str) -> tuple[str, str]:
    channel, _, message_id = value.rpartition("|")
    return channel, message_id


def _is_image(file: FileRef) -> bool:
    return file.mime.startswith("image/") or file.name.lower().endswith(_IMAGE_SUFFIXES)


class PrivacyGate:
    def __init__(self, core: Core, settings: PrivacySettings, moderators: Moderators) -> None:
        self.core = core
        self.settings = settings
        self.moderators = moderators

    async def check_message(
        self, ctx: Ctx, text: str, files: Sequence[FileRef], *, edit: bool
    ) -> GateResult:
        event = ctx.event
        assert isinstance(event, MessageEvent | EditEvent)
        found, redacted, names = detect(text, [f.name for f in files])
        channel = ctx.channel
        held = False
        if found.found:
            held = await self._on_findings(ctx, event, found, edit=edit)
        # A direct message to the bot is no clinician space: the scope notice is for channels.
        if channel is not None and reads_like_patient(redacted):
            await self._out_of_scope(ctx, event, edit=edit)
            held = True
        if not edit and any(_is_image(f) for f in files):
            await self._tell(ctx, notices.image_reminder())
        return GateResult(redacted, names, found.kinds, held)

    def scrub(self, text: str) -> tuple[str, tuple[str, ...]]:
        found, redacted, _ = detect(text)
        return redacted, found.kinds

    async def check_command(self, ctx: Ctx, spec: CommandSpec, args: str) -> str:
        found, redacted, _ = detect(args, exempt=own_identity(spec, args))
        if not found.found:
            return args
        refused = await self.settings.policy(ctx.tenant_id, ctx.channel) == "hold"
        await self._audit(ctx, found, f"/{spec.key}", "refused" if refused else "redacted")
        if refused:
            raise RoundsError(notices.command_notice(found, command=spec.key, refused=True).text)
        await self._tell(ctx, notices.command_notice(found, command=spec.key, refused=False))
        return redacted

    async def _on_findings(
        self, ctx: Ctx, event: MessageEvent | EditEvent, found: Detection, *, edit: bool
    ) -> bool:
        """Tell the author, maybe delete the original, alert moderators; True when held."""
        channel = ctx.channel
        policy = await self.settings.policy(ctx.tenant_id, channel)
        deleted = channel is not None and await self._delete_original(ctx, event)
        held = policy == "hold" or deleted
        key = message_key(channel or dm_channel(ctx.member.user_id), event.message_id)
        notice = notices.phi_notice(
            found, channel=channel, edit=edit, held=held, deleted=deleted, button_value=key
        )
        await self._tell(ctx, notice)
        outcome = "removed" if deleted else ("held" if held else "warned")
        await self._audit(ctx, found, f"#{channel}" if channel else "dm", outcome)
        if channel is not None and self.core.config.privacy.alert_moderators:
            alert = notices.moderator_alert(
                found, author=ctx.member.name, channel=channel, held=held, deleted=deleted
            )
            self.core.spawn(
                self.moderators.alert(ctx.tenant_id, ctx.out, alert, skip=ctx.member.user_id),
                "privacy moderator alert",
            )
        return held

    async def _delete_original(self, ctx: Ctx, event: MessageEvent | EditEvent) -> bool:
        platform = self.core.platforms[ctx.tenant.platform]
        if not (self.core.config.privacy.delete_originals and platform.capabilities.delete_others):
            return False
        try:
            return await ctx.out.delete(MessageRef(ctx.channel, event.message_id, event.thread))
        except Exception as exc:  # the notice still asks the author to delete it
            log.warning("could not delete a message with identifiers: %s", type(exc).__name__)
            return False

    async def _out_of_scope(self, ctx: Ctx, event: MessageEvent | EditEvent, *, edit: bool) -> None:
        """Scope notice to the author and an alert to moderators, once per held message."""
        channel = ctx.channel
        assert channel is not None
        if edit:
            async with self.core.db.session() as s:
                row = await HoldRepo(s, ctx.tenant_id).get(channel, event.message_id)
            if row is not None and row.held:
                return  # already held and announced; the edit keeps it held
        disclaimer = await self.settings.disclaimer(ctx.tenant_id)
        await self._tell(ctx, notices.scope_notice(disclaimer))
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "scope.hold", f"#{channel}", outcome="held"
        )
        alert = notices.scope_alert(
            author=ctx.member.name,
            channel=channel,
            button_value=message_key(channel, event.message_id),
        )
        self.core.spawn(
            self.moderators.alert(ctx.tenant_id, ctx.out, alert, skip=ctx.member.user_id),
            "privacy scope alert",
        )

    async def _tell(self, ctx: Ctx, reply: Reply) -> None:
        """A private note to the author. A platform failure here must not lose the redacted
        copy (nor let the post through unredacted): it is logged, by type, and passed over."""
        try:
            await ctx.out.private(ctx.member.user_id, reply, channel=ctx.channel, thread=ctx.thread)
        except Exception as exc:
            log.warning("could not send a privacy notice: %s", type(exc).__name__)

    async def _audit(self, ctx: Ctx, found: Detection, target: str, outcome: str) -> None:
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "phi.detected",
            target,
            outcome=outcome,
            detail={"kinds": found.counts()},
        )
