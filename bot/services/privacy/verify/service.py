"""``/profile verify NPI``, ``/admin verify-queue`` and ``/admin verify N approve|deny``.

The check digit is checked offline first (a bad one never reaches the network); then the
NPPES registry: an active record whose name matches the profile verifies the member and its
primary taxonomy sets the specialty. A name mismatch or a deactivated number waits for an
admin; no record, or an organisation's number, is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Action, Item, Reply, Section
from bot.errors import Conflict, NotFound, PermissionDenied, RoundsError, UsageError
from bot.outbox import fan_out
from bot.services.privacy.alerts import Moderators
from bot.services.privacy.verify.match import names_match, specialty_of
from bot.services.privacy.verify.nppes import NppesClient, NppesRecord, RegistryError
from bot.services.profiles.npi import npi_valid
from bot.storage.repos import MemberRepo
from bot.storage.repos.privacy import NpiReviewRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["VERIFY_APPROVE", "VERIFY_DENY", "Verification"]

VERIFY_APPROVE = "verify-approve"
VERIFY_DENY = "verify-deny"

_REASONS = {
    "name-mismatch": "the registry's name does not match your profile name",
    "deactivated": "the registry lists the number as not active",
}


def _taxonomy(record: NppesRecord) -> str | None:
    parts = [p for p in (record.taxonomy_code, record.taxonomy_desc) if p]
    return " ".join(parts) or None


class Verification:
    def __init__(self, core: Core, client: NppesClient, moderators: Moderators) -> None:
        self.core = core
        self.client = client
        self.moderators = moderators

    async def verify(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        npi = args.text("npi").strip()
        if not npi_valid(npi):
            raise UsageError("that NPI is not valid: 10 digits with a correct check digit")
        async with self.core.db.session() as s:
            profile = await MemberRepo(s, ctx.tenant_id).profile(ctx.member.id)
        if profile is None or not profile.full_name:
            raise UsageError('set your full name first: /profile set name "First Last"')
        try:
            record = await self.client.lookup(npi)
        except RegistryError as exc:
            raise RoundsError(f"Could not verify now: {exc}. Please try again later.") from None
        if record is None:
            return Reply.of(
                f"The NPI registry has no active record for {npi}, so Rounds cannot verify it.",
                private=True,
            )
        if record.enumeration_type.upper() == "NPI-2":
            return Reply.of(
                f"{npi} belongs to an organisation; verify with your individual NPI.",
                private=True,
            )
        specialty = specialty_of(record.taxonomy_code, record.taxonomy_desc)
        reason = None
        if not record.active:
            reason = "deactivated"
        elif not names_match(profile.full_name, record.first_name, record.last_name):
            reason = "name-mismatch"
        if reason is not None:
            return await self._queue(ctx, npi, reason, record, specialty)
        await self._mark_verified(ctx.tenant_id, ctx.member.id, npi, specialty)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "member.verify",
            ctx.member.pseudonym,
            detail={"via": "nppes", "taxonomy": record.taxonomy_code},
        )
        where = f" Specialty set to {specialty}." if specialty else ""
        return Reply.of(f"Verified ✓ NPI {npi} matches your profile.{where}", private=True)

    async def _mark_verified(
        self, tenant_id: int, member_id: int, npi: str, specialty: str | None
    ) -> None:
        values: dict[str, object] = {"npi": npi, "verified": True}
        if specialty:
            values["specialty"] = specialty
        async with self.core.db.session() as s:
            repo = MemberRepo(s, tenant_id)
            await repo.update_profile(member_id, **values)
            member = await repo.by_id(member_id)
        assert member is not None
        self.core.dispatcher.forget_member(tenant_id, member.user_id)

    async def _queue(
        self, ctx: Ctx, npi: str, reason: str, record: NppesRecord, specialty: str | None
    ) -> Reply:
        async with self.core.db.session() as s:
            review_id = await NpiReviewRepo(s, ctx.tenant_id).add(
                member_id=ctx.member.id,
                npi=npi,
                reason=reason,
                registry_name=record.name,
                specialty=specialty,
                taxonomy=_taxonomy(record),
                now=self.core.clock.now(),
            )
            # The number is the member's claim until an admin decides: stored, unverified.
            await MemberRepo(s, ctx.tenant_id).update_profile(
                ctx.member.id, npi=npi, verified=False
            )
        self.core.dispatcher.forget_member(ctx.tenant_id, ctx.member.user_id)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "verify.queue",
            f"review {review_id}",
            outcome="pending",
            detail={"reason": reason},
        )
        alert = Reply(
            text=f"Verification #{review_id} of @{ctx.member.name} waits for an admin "
            f"({reason}). See /admin verify-queue.",
            actions=self._buttons(review_id),
        ).as_private()
        admins = [m.user_id for m in await self.moderators.admins(ctx.tenant_id)]
        self.core.spawn(self._tell_admins(ctx, admins, alert), "verification alert")
        return Reply.of(
            f"Rounds could not verify NPI {npi} on its own: {_REASONS[reason]}. An admin will "
            "review it; you will hear back.",
            private=True,
        )

    async def _tell_admins(self, ctx: Ctx, admins: list[str], alert: Reply) -> None:
        async def send(user: str) -> None:
            await ctx.out.dm(user, alert)

        await fan_out(admins, send, "verification alert")

    @staticmethod
    def _buttons(review_id: int) -> tuple[Action, ...]:
        return (
            Action(VERIFY_APPROVE, f"Approve #{review_id}", str(review_id), style="primary"),
            Action(VERIFY_DENY, f"Deny #{review_id}", str(review_id), style="danger"),
        )

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
            actions=self._buttons(reviews[0].id),
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
            await self._mark_verified(ctx.tenant_id, member.id, review.npi, review.specialty)
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
