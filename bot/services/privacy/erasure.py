"""``/privacy forget-me``: after a confirmation, erase everything Rounds holds about a member:
what the bot posted from them (deleted on the platform too), scheduled messages, every other
capability's data (``core.hooks.erasers``), message copies, group memberships and the profile.
The audit log is untouched: it only ever named the member by pseudonym."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.members import MemberInfo
from bot.domain.reply import Action, Reply
from bot.outbox import Outbox, fan_out
from bot.platform import MessageRef
from bot.services.privacy.files import ExportFiles
from bot.storage.models import BotPost
from bot.storage.repos import BotPostRepo, GroupRepo, MemberRepo, MessageRepo
from bot.storage.repos.jobs import JobRepo
from bot.storage.repos.privacy import PersonalDataRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["EXPORT_POST", "FORGET_CANCEL", "FORGET_CONFIRM", "Erasure"]

log = logging.getLogger(__name__)

FORGET_CONFIRM = "forget-confirm"
FORGET_CANCEL = "forget-cancel"
#: the ``bot_posts.kind`` of an export sent to a member (its ``ref`` is the file name)
EXPORT_POST = "privacy.export"


class Erasure:
    def __init__(self, core: Core, files: ExportFiles) -> None:
        self.core = core
        self.files = files

    async def ask(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """The confirmation step: nothing is erased before the member presses the button."""
        return Reply(
            text=(
                "This erases everything Rounds holds about you in this workspace: your profile "
                "and verification, group memberships, Rounds' copies of your messages, your "
                "scheduled messages, what Rounds posted from you (mirrors, routed copies, "
                "exports) and your questions, answers and event posts. It cannot be undone. "
                "The audit log stays: it never named you, only a pseudonymous id that nothing "
                "will link to you any more. Messages on the platform itself are not Rounds' "
                "to delete: remove those there."
            ),
            actions=(
                Action(FORGET_CONFIRM, "Erase my data", ctx.member.pseudonym, style="danger"),
                Action(FORGET_CANCEL, "Cancel"),
            ),
        ).as_private()

    async def confirm(self, ctx: Ctx, value: str) -> Reply:
        if value != ctx.member.pseudonym:
            # Already erased (the member is new since), or someone else's button.
            return Reply.of(
                "This confirmation is no longer valid. Run /privacy forget-me again if needed.",
                private=True,
            )
        undeleted = await self.erase(ctx.tenant_id, ctx.member, ctx.out)
        text = "Done: Rounds erased what it held about you."
        if undeleted:
            text += (
                f" {undeleted} of its posts could not be removed from the platform; "
                "an admin can remove them."
            )
        return Reply.of(text, private=True)

    async def cancel(self, ctx: Ctx, value: str) -> Reply:
        return Reply.of("Nothing was erased.", private=True)

    async def erase(self, tenant_id: int, member: MemberInfo, out: Outbox) -> int:
        """Erase a member; idempotent. Returns how many bot posts the platform kept."""
        async with self.core.db.session() as s:
            posts = await BotPostRepo(s, tenant_id).on_behalf_of(member.id)

        async def remove(post: BotPost) -> None:
            await out.delete(MessageRef(post.channel, post.message_id, post.thread))

        failures = await fan_out(posts, remove, "erasure of a bot post")
        for post in posts:
            # The file goes even when the platform kept the message that carried it.
            if post.kind == EXPORT_POST and post.ref:
                await self.files.remove(post.ref)
        counts: dict[str, int] = {"bot_posts": len(posts)}
        # Their last words may still be queued: written first, and no copy lands while the rows
        # go. What they say meanwhile is dropped, not written later: on SQLite a new member
        # may take the freed id, and would inherit those words.
        async with self.core.copies.flushed():
            # One transaction for the rows: either the member is gone everywhere or nowhere.
            async with self.core.db.session() as s:
                bot_posts = BotPostRepo(s, tenant_id)
                for post in posts:
                    await bot_posts.remove(post.id)
                counts["jobs"] = await JobRepo(s).cancel_owned(tenant_id, member.id)
                await PersonalDataRepo(s, tenant_id).drop_owned_jobs(member.id)
                for eraser in self.core.hooks.erasers:
                    await eraser(s, tenant_id, member.id)
                counts["messages"] = await MessageRepo(s, tenant_id).delete_by_author(member.id)
                await GroupRepo(s, tenant_id).leave_all(member.id)
                await MemberRepo(s, tenant_id).delete(member.id)
            self.core.copies.discard(tenant_id, member.id)
        self.core.dispatcher.forget_member(tenant_id, member.user_id)
        await self.core.audit(
            tenant_id, member.pseudonym, "privacy.erase", member.pseudonym, detail=counts
        )
        if failures:
            log.warning("erasure: %d bot posts could not be deleted on the platform", len(failures))
        return len(failures)
