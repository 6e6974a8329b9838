"""The admin queue of NPI verifications the registry did not confirm on its own:
``/admin verify-queue``, ``/admin verify N approve|deny`` and the Approve / Deny buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Action, Item, Reply, Section
from bot.errors import Conflict, NotFound, PermissionDenied
from bot.storage.repos import MemberRepo
from bot.storage.repos.privacy import NpiReviewRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["VERIFY_APPROVE", "VERIFY_DENY", "ReviewQueue", "decision_buttons", "mark_verified"]

VERIFY_APPROVE = "verify-approve"
VERIFY_DENY = "verify-deny"


async def mark_verified(
    core: Core, tenant_id: int, member_id: int, npi: str, specialty: str | None
) -> None:
    """Mark a member verified with their NPI; the taxonomy's specialty, if any, is set too."""
    values: dict[str, object] = {"npi": npi, "verified": True}
    if specialty:
        values["specialty"] = specialty
    async with core.db.session() as s:
        repo = MemberRepo(s, tenant_id)
        await repo.update_profile(member_id, **values)
        member = await repo.by_id(member_id)
    assert member is not None
    core.dispatcher.forget_member(tenant_id, member.user_id)


def decision_buttons(review_id: int) -> tuple[Action, ...]:
    return (
        Action(VERIFY_APPROVE, f"Approve #{review_id}", str(review_id), style="primary"),
        Action(VERIFY_DENY, f"Deny #{review_id}", str(review_id), style="danger"),
    )


class ReviewQueue:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def queue(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        async with self.core.db.session() as s:
            reviews = await NpiReviewRepo(s, ctx.tenant_id).pending()
            members = MemberRepo(s, ctx.tenant_id)
            items = []
            for r in reviews:
                profile = await members.profile(r.member_id)
                who = f"@{profile.name}" if profile else "a former member"
                items.append(
                    Item(
                        f"#{r.id} {who} NPI {r.npi}: {r.reason}",
                        meta=f"registry: {r.registry_name or '—'} · profile: "
                        f"{(profile.full_name if profile else None) or '—'} · "
                        f"{r.taxonomy or 'no taxonomy'}",
                    )
                )
        if not items:
            return Reply.of("No verification waits for review.", private=True)
        return Reply(
            text=f"{len(items)} verification(s) wait for review. Decide with "
            "/admin verify N approve|deny, or the buttons for the oldest.",
            sections=(Section(items=tuple(items)),),
            actions=decision_buttons(reviews[0].id),
        ).as_private()

    async def decide_command(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self._decide(ctx, args.number("review"), args.text("decision") == "approve")

    async def approve_button(self, ctx: Ctx, value: str) -> Reply:
        return await self._decide(ctx, self._review_id(ctx, value), True)

    async def deny_button(self, ctx: Ctx, value: str) -> Reply:
        return await self._decide(ctx, self._review_id(ctx, value), False)

    @staticmethod
    def _review_id(ctx: Ctx, value: str) -> int:
        if not ctx.member.is_admin:
            raise PermissionDenied("Only admins can decide verifications.")
        if not value.isdigit():
            raise NotFound("That review no longer exists.")
        return int(value)

    async def _decide(self, ctx: Ctx, review_id: int, approve: bool) -> Reply:
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            repo = NpiReviewRepo(s, ctx.tenant_id)
            review = await repo.get(review_id)
            if review is None:
                raise NotFound(f"No verification #{review_id}.")
            if not await repo.decide(review_id, "approved" if approve else "denied", now):
                raise Conflict(f"Verification #{review_id} was already decided ({review.status}).")
            member = await MemberRepo(s, ctx.tenant_id).by_id(review.member_id)
        assert member is not None  # reviews are erased with their member
        if approve:
            await mark_verified(self.core, ctx.tenant_id, member.id, review.npi, review.specialty)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "verify.approve" if approve else "verify.deny",
            member.pseudonym,
            detail={"review": review_id, "reason": review.reason},
        )
        note = (
            f"An admin approved your verification: you are verified ✓ (NPI {review.npi})."
            if approve
            else f"An admin could not confirm NPI {review.npi} as yours; you are not verified. "
            "Ask an admin if you think this is wrong."
        )
        await ctx.out.dm(member.user_id, Reply.of(note, private=True))
        verdict = "approved" if approve else "denied"
        return Reply.of(f"Verification #{review_id} of @{member.name} {verdict}.", private=True)
