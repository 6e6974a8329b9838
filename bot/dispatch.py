"""One entry for every incoming event, with an explicit chain:
dedupe by event id → member and roles → permission → privacy gate → handler."""

from __future__ import annotations

import logging
import secrets
import time
import traceback
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.commands.permissions import allowed, denial_reason
from bot.context import Ctx, StoredMessage
from bot.domain.members import MemberInfo
from bot.domain.reply import Reply
from bot.errors import PermissionDenied, RoundsError, UsageError
from bot.platform import (
    ActionEvent,
    CommandEvent,
    DeleteEvent,
    EditEvent,
    Event,
    MemberJoinedEvent,
    MessageEvent,
    MessageRef,
    ReactionEvent,
)
from bot.storage.copies import NewCopy
from bot.storage.repos import EventLog, MemberRepo, MessageRepo

if TYPE_CHECKING:
    from bot.app import Core
    from bot.scheduler import JobRun

__all__ = ["Dispatcher", "dm_channel", "safe_trace"]

log = logging.getLogger(__name__)

_MEMBER_TTL = 30.0
_SEEN_MAX = 100_000
# A delete that finds no copy is done again this much later: with several processes, the
# copy may still be queued in the one that saw the message (bot/storage/copies.py).
_LATE_DELETE = "copies.late-delete"
_LATE_DELETE_AFTER = timedelta(seconds=30)


def dm_channel(user: str) -> str:
    """The channel name under which Rounds stores a member's direct messages."""
    return f"dm:{user}"


def safe_trace(exc: BaseException) -> str:
    """Where it failed, without the exception's message: messages may quote user text."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames[::-1])
    return f"{type(exc).__name__} at {where}"


class Dispatcher:
    def __init__(self, core: Core) -> None:
        self.core = core
        self._members: dict[tuple[int, str], tuple[float, MemberInfo]] = {}
        self._seen: dict[tuple[int, str], None] = {}  # insertion-ordered: oldest first
        core.scheduler.register(_LATE_DELETE, self._late_delete)

    def forget_member(self, tenant_id: int, user_id: str) -> None:
        """Drop a cached member after a change to their roles or profile."""
        self._members.pop((tenant_id, user_id), None)

    async def _first_time(self, tenant_id: int, event: Event) -> bool:
        """Dedupe by event id: in the database (shared by every process) where the platform
        redelivers, in memory where it never does (the console)."""
        if not self.core.platforms[event.tenant.platform].capabilities.redelivers:
            key = (tenant_id, event.event_id)
            if key in self._seen:
                return False
            self._seen[key] = None
            if len(self._seen) > _SEEN_MAX:
                del self._seen[next(iter(self._seen))]
            return True
        async with self.core.db.session() as s:
            return await EventLog(s, tenant_id).first_time(event.event_id, self.core.clock.now())

    def _cached_member(self, tenant_id: int, event: Event) -> MemberInfo | None:
        cached = self._members.get((tenant_id, event.user))
        if cached and cached[0] > time.monotonic():
            return cached[1]
        return None

    async def _member(self, tenant_id: int, event: Event, repo: MemberRepo) -> MemberInfo:
        key = (tenant_id, event.user)
        member = await repo.get(event.user)
        if member is None:
            platform = self.core.platforms[event.tenant.platform]
            info = await platform.resolve_user(event.tenant.workspace, event.user)
            member = await repo.ensure(
                event.user, info.name if info else event.user, self.core.clock.now()
            )
        self._members[key] = (time.monotonic() + _MEMBER_TTL, member)
        return member

    async def dispatch(self, event: Event) -> None:
        """Handle one event from any platform. Never raises."""
        core = self.core
        try:
            tenant_id = await core.tenant_id(event.tenant)
            if not await self._first_time(tenant_id, event):
                log.info("duplicate event %s ignored", event.event_id)
                return
            member = self._cached_member(tenant_id, event)
            if member is None:
                async with core.db.session() as s:
                    member = await self._member(tenant_id, event, MemberRepo(s, tenant_id))
        except Exception as exc:
            log.error("event %s could not be admitted: %s", event.event_id, safe_trace(exc))
            return
        ctx = Ctx(event.tenant, tenant_id, member, event, core.outbox(event.tenant))
        try:
            await self._route(ctx, event)
        except RoundsError as exc:
            await self._tell(ctx, Reply.of(str(exc), private=True))
        except Exception as exc:
            ref = secrets.token_hex(3)
            log.error("unhandled error ref=%s event=%s: %s", ref, event.event_id, safe_trace(exc))
            await self._tell(ctx, Reply.of(f"Something went wrong (ref {ref}).", private=True))

    async def _tell(self, ctx: Ctx, reply: Reply) -> None:
        try:
            await ctx.out.respond(ctx.member.user_id, ctx.channel, ctx.thread, reply)
        except Exception as exc:
            log.error("could not tell the user about an error: %s", safe_trace(exc))

    async def _route(self, ctx: Ctx, event: Event) -> None:
        if isinstance(event, CommandEvent):
            await self._command(ctx, event)
        elif isinstance(event, MessageEvent):
            await self._message(ctx, event)
        elif isinstance(event, EditEvent):
            await self._edit(ctx, event)
        elif isinstance(event, DeleteEvent):
            await self._delete(ctx, event)
        elif isinstance(event, ReactionEvent):
            for hook in self.core.hooks.on_reaction:
                await hook(ctx, event)
        elif isinstance(event, ActionEvent):
            await self._action(ctx, event)
        elif isinstance(event, MemberJoinedEvent):
            for join_hook in self.core.hooks.on_member_joined:
                await join_hook(ctx, event)

    async def _command(self, ctx: Ctx, event: CommandEvent) -> None:
        core = self.core
        spec, text = core.registry.select(event.name, event.args)
        if spec.scan:
            # Scanned before parsing: a usage error may quote an argument back.
            text = await core.gate.check_command(ctx, spec, text)
        args = core.registry.parse(spec, text)
        group = args.get("group")
        if isinstance(group, list):
            group = group[0] if group else None
        if not allowed(spec.permission, ctx.member.roles, group):
            raise PermissionDenied(f"/{spec.key}: {denial_reason(spec.permission)}.")
        try:
            reply = await core.registry.handler(spec)(ctx, args)
        except UsageError as exc:
            raise UsageError(exc.message, exc.usage or spec.usage()) from None
        if reply is not None:
            await ctx.out.respond(ctx.member.user_id, ctx.channel, ctx.thread, reply)

    def _stored(
        self,
        ctx: Ctx,
        ref: MessageRef,
        text: str,
        kinds: tuple[str, ...],
        held: bool,
        files: tuple[str, ...],
        is_dm: bool,
        private: bool,
    ) -> StoredMessage:
        return StoredMessage(
            ref=ref,
            author=ctx.member,
            text=text,
            phi_kinds=kinds,
            held=held,
            is_dm=is_dm,
            private_channel=private,
            files=files,
        )

    async def _message(self, ctx: Ctx, event: MessageEvent) -> None:
        core = self.core
        result = await core.gate.check_message(ctx, event.text, event.files, edit=False)
        copy = NewCopy(
            tenant_id=ctx.tenant_id,
            message_id=event.message_id,
            channel=event.channel or dm_channel(event.user),
            thread=event.thread,
            author_id=ctx.member.id,
            text=result.text,
            files=result.files,
            phi_kinds=result.kinds,
            held=result.held,
            private_channel=event.channel_private,
            created_at=core.clock.now(),
        )
        if result.kinds or result.held:
            # The privacy gate's buttons and releases find this copy: it must be there now.
            await core.copies.add_now(copy)
        else:
            core.copies.add(copy)
        stored = self._stored(
            ctx,
            MessageRef(event.channel, event.message_id, event.thread),
            result.text,
            result.kinds,
            result.held,
            result.files,
            event.is_dm,
            event.channel_private,
        )
        for hook in core.hooks.on_message:
            await hook(ctx, stored)

    async def _edit(self, ctx: Ctx, event: EditEvent) -> None:
        core = self.core
        result = await core.gate.check_message(ctx, event.text, (), edit=True)
        channel = event.channel or dm_channel(event.user)
        await core.copies.flush()
        async with core.db.session() as s:
            repo = MessageRepo(s, ctx.tenant_id)
            row = await repo.get(channel, event.message_id)
            if row is None or row.author_id != ctx.member.id:
                return
            was_held = row.held
            await repo.edit(row, result.text, result.kinds, result.held, core.clock.now())
            stored = self._stored(
                ctx,
                MessageRef(event.channel, event.message_id, row.thread),
                result.text,
                result.kinds,
                result.held,
                tuple(row.files),
                event.channel is None,
                row.private_channel,
            )
        for hook in core.hooks.on_edit:
            await hook(ctx, stored, was_held)

    async def _delete(self, ctx: Ctx, event: DeleteEvent) -> None:
        core = self.core
        await core.copies.flush()
        async with core.db.session() as s:
            found = await MessageRepo(s, ctx.tenant_id).delete(event.channel, event.message_id)
        if not found:
            await core.scheduler.schedule(
                ctx.tenant_id,
                _LATE_DELETE,
                core.clock.now() + _LATE_DELETE_AFTER,
                {"channel": event.channel, "message_id": event.message_id},
            )
        for hook in self.core.hooks.on_delete:
            await hook(ctx, event)

    async def _late_delete(self, run: JobRun) -> None:
        async with self.core.db.session() as s:
            await MessageRepo(s, run.tenant_id).delete(
                run.payload["channel"], run.payload["message_id"]
            )

    async def _action(self, ctx: Ctx, event: ActionEvent) -> None:
        handler = self.core.hooks.actions.get(event.action)
        if handler is None:
            raise RoundsError("That button is no longer active.")
        reply = await handler(ctx, event.value)
        if reply is not None:
            await ctx.out.respond(ctx.member.user_id, ctx.channel, ctx.thread, reply)
