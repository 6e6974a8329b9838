"""``/privacy export-me``: a JSON file of everything Rounds holds about the member, from the
core tables and every capability's ``core.hooks.exporters``, sent to them alone."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import FileOut, Reply
from bot.errors import RoundsError
from bot.services.privacy.erasure import EXPORT_POST
from bot.services.privacy.files import ExportFiles
from bot.storage.repos import BotPostRepo, MemberRepo, MessageRepo
from bot.storage.repos.privacy import NpiReviewRepo, PersonalDataRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Export"]


def _iso(when: datetime | None) -> str | None:
    return when.isoformat().replace("+00:00", "Z") if when else None


class Export:
    def __init__(self, core: Core, files: ExportFiles) -> None:
        self.core = core
        self.files = files

    async def collect(self, tenant_id: int, member_id: int) -> dict[str, Any]:
        """Everything held about a member, as JSON-able data."""
        tenant = await self.core.tenant(tenant_id)
        await self.core.copies.flush()
        async with self.core.db.session() as s:
            personal = PersonalDataRepo(s, tenant_id)
            row = await personal.member(member_id)
            profile = await MemberRepo(s, tenant_id).profile(member_id)
            if row is None or profile is None:
                raise RoundsError("Rounds holds nothing about you here.")
            groups = await personal.memberships(member_id)
            messages = await MessageRepo(s, tenant_id).by_author(member_id)
            posts = await BotPostRepo(s, tenant_id).on_behalf_of(member_id)
            jobs = await personal.owned_jobs(member_id)
            reviews = await NpiReviewRepo(s, tenant_id).of_member(member_id)
            extra = {
                name: await exporter(s, tenant_id, member_id)
                for name, exporter in sorted(self.core.hooks.exporters.items())
            }
        return {
            "generated_at": _iso(self.core.clock.now()),
            "workspace": {"platform": tenant.platform, "workspace": tenant.workspace},
            "profile": {
                "user_id": row.user_id,
                "name": row.name,
                "full_name": row.full_name,
                "specialty": row.specialty,
                "title": row.title,
                "npi": row.npi,
                "verified": row.verified,
                "tz": row.tz,
                "quiet_hours": [row.quiet_start, row.quiet_end] if row.quiet_start else None,
                "show_in_stats": row.show_in_stats,
                "roles": sorted(profile.roles),
                "member_since": _iso(row.created_at),
                # The id the audit log names you by; erasure leaves nothing linking it to you.
                "audit_pseudonym": row.pseudonym,
            },
            "groups": [
                {"group": g.group, "notify": g.notify, "joined_at": _iso(g.joined_at)}
                for g in groups
            ],
            "messages": [
                {
                    "channel": m.channel,
                    "message_id": m.message_id,
                    "thread": m.thread,
                    "text": m.text,
                    "files": list(m.files),
                    "identifier_kinds_found": list(m.phi_kinds),
                    "held": m.held,
                    "created_at": _iso(m.created_at),
                    "edited_at": _iso(m.edited_at),
                }
                for m in messages
            ],
            "bot_posts_on_your_behalf": [
                {
                    "kind": p.kind,
                    "channel": p.channel,
                    "message_id": p.message_id,
                    "created_at": _iso(p.created_at),
                }
                for p in posts
            ],
            "scheduled": [
                {
                    "kind": j.kind,
                    "status": j.status,
                    "due_at": _iso(j.due_at),
                    "cron": j.cron,
                    "tz": j.tz,
                    "payload": j.payload,
                }
                for j in jobs
            ],
            "npi_reviews": [
                {
                    "npi": r.npi,
                    "reason": r.reason,
                    "status": r.status,
                    "registry_name": r.registry_name,
                    "specialty": r.specialty,
                    "created_at": _iso(r.created_at),
                    "decided_at": _iso(r.decided_at),
                }
                for r in reviews
            ],
            "capabilities": extra,
        }

    async def export_me(self, ctx: Ctx, args: ParsedArgs) -> Reply | None:
        data = await self.collect(ctx.tenant_id, ctx.member.id)
        path = await self.files.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        reply = Reply(
            text="Everything Rounds holds about you in this workspace, as JSON.",
            files=(FileOut("rounds-export.json", str(path), "application/json"),),
        ).as_private()
        ref = await ctx.out.dm(ctx.member.user_id, reply)
        if ref is None:
            await self.files.remove(path.name)
            raise RoundsError("Rounds could not send you a direct message; allow DMs and retry.")
        async with self.core.db.session() as s:
            # Recorded as posted on the member's behalf, so that erasure deletes it too.
            await BotPostRepo(s, ctx.tenant_id).add(
                message_id=ref.id,
                channel=ref.channel,
                thread=ref.thread,
                kind=EXPORT_POST,
                ref=path.name,
                on_behalf_of=ctx.member.id,
                now=self.core.clock.now(),
            )
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "privacy.export")
        if ctx.channel is None:
            return None  # the DM with the file is the answer
        return Reply.of("Sent you a direct message with your data.", private=True)
