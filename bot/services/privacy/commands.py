"""``/privacy scan|status|policy|disclaimer`` and ``/audit``: checking a text, the policy and
disclaimer of a workspace, and the audit log for admins."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Field, Item, Reply, Section
from bot.services.privacy.detector import redact, scan, summarize
from bot.services.privacy.settings import PrivacySettings
from bot.storage.repos.audit import AuditRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["AUDIT_MAX", "PrivacyCommands"]

AUDIT_MAX = 200
_RESET = ("reset", "default")


class PrivacyCommands:
    def __init__(self, core: Core, settings: PrivacySettings) -> None:
        self.core = core
        self.settings = settings

    async def scan(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """Kinds and positions, privately; the text is neither stored nor logged (the spec has
        ``scan=False`` so that the gate lets it through, and no code path here keeps it)."""
        text = args.text("text")
        found = scan(text)
        if not found:
            return Reply.of("No patient identifiers found.", private=True)
        kinds = sorted({f.kind for f in found})
        return Reply(
            text=f"Found {len(found)} possible patient identifier(s): {', '.join(kinds)}.",
            sections=(
                Section(
                    fields=(
                        Field("Where (character positions)", summarize(found)),
                        Field("Redacted, it would read", redact(text, found)),
                    )
                ),
            ),
        ).as_private()

    async def status(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        cfg = self.core.config.privacy
        here = await self.settings.policy(ctx.tenant_id, ctx.channel)
        workspace = await self.settings.policy(ctx.tenant_id, None)
        overrides = await self.settings.channel_policies(ctx.tenant_id)
        fields = [
            Field("Policy here", here),
            Field("Workspace policy", workspace),
            Field(
                "Channels with their own policy",
                ", ".join(f"#{c} {p}" for c, p in sorted(overrides.items())) or "none",
            ),
            Field(
                "Message copies kept",
                f"{cfg.retention_days} days" if cfg.retention_days > 0 else "until erased",
            ),
            Field("Moderators alerted", "yes" if cfg.alert_moderators else "no"),
            Field("Originals deleted where possible", "yes" if cfg.delete_originals else "no"),
            Field("Disclaimer", await self.settings.disclaimer(ctx.tenant_id)),
        ]
        return Reply(
            text="Privacy in this workspace: patient identifiers are detected before anything "
            "is stored; images are not read, only file names.",
            sections=(Section(fields=tuple(fields)),),
        ).as_private()

    async def policy(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        choice = args.text("policy")
        channel = args.opt("channel")
        policy = None if choice in _RESET else choice
        await self.settings.set_policy(ctx.tenant_id, channel, policy)
        target = f"#{channel}" if channel else "workspace"
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "privacy.policy",
            target,
            detail={"policy": policy or "inherit"},
        )
        effective = await self.settings.policy(ctx.tenant_id, channel)
        where = f"#{channel}" if channel else "the workspace"
        if policy is None:
            return Reply.of(f"{where} now follows the default: {effective}.", private=True)
        return Reply.of(f"Privacy policy of {where}: {policy}.", private=True)

    async def disclaimer(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        text = args.text("text").strip()
        reset = text.lower() in _RESET
        await self.settings.set_disclaimer(ctx.tenant_id, None if reset else text)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "privacy.disclaimer",
            "workspace",
            detail={"reset": reset},
        )
        current = await self.settings.disclaimer(ctx.tenant_id)
        return Reply.of(f"Disclaimer{' reset' if reset else ' set'}: {current}", private=True)

    async def audit(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        count = max(1, min(args.opt_number("count") or 20, AUDIT_MAX))
        action = args.option("action")
        async with self.core.db.session() as s:
            rows = await AuditRepo(s, ctx.tenant_id).recent(count, action)
        if not rows:
            return Reply.of("The audit log has no rows yet.", private=True)
        items = tuple(
            Item(
                f"{r.at:%Y-%m-%d %H:%M}Z {r.action} {r.target}".rstrip(),
                meta=f"by {r.actor} · {r.outcome}"
                + (f" · {json.dumps(r.detail, sort_keys=True)}" if r.detail else ""),
            )
            for r in rows
        )
        return Reply(
            text=f"Audit log: the {len(rows)} most recent rows (newest first). "
            "Actors are pseudonymous ids.",
            sections=(Section(items=items),),
        ).as_private()
