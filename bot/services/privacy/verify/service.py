"""``/profile verify NPI``.

The check digit is checked offline first (a bad one never reaches the network); then the
NPPES registry: an active record whose name matches the profile verifies the member and its
primary taxonomy sets the specialty. A name mismatch or a deactivated number waits for an
admin; no record, or an organisation's number, is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Reply
from bot.errors import RoundsError, UsageError
from bot.outbox import fan_out
from bot.services.privacy.alerts import Moderators
from bot.services.privacy.verify.match import names_match, specialty_of
from bot.services.privacy.verify.nppes import NppesClient, NppesRecord, RegistryError
from bot.services.privacy.verify.queue import decision_buttons, mark_verified
from bot.services.profiles.npi import npi_valid
from bot.storage.repos import MemberRepo
from bot.storage.repos.privacy import NpiReviewRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Verification"]

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
        await mark_verified(self.core, ctx.tenant_id, ctx.member.id, npi, specialty)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "member.verify",
            ctx.member.pseudonym,
            detail={"via": "nppes", "taxonomy": record.taxonomy_code},
        )
        where = f" Specialty set to {specialty}." if specialty else ""
        return Reply.of(f"Verified ✓ NPI {npi} matches your profile.{where}", private=True)

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
            actions=decision_buttons(review_id),
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
