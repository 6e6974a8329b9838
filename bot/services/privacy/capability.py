"""Wires the privacy capability into the core: the gate, the log redactor, ``/privacy …``,
``/audit``, ``/profile verify``, ``/admin verify-queue|verify``, buttons, hooks and the
retention job. Exposes ``core.services["privacy"]`` (its ``disclaimer(tenant_id)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import Arg, ArgKind, CommandSpec, Flag, Permission
from bot.logs import add_redactor
from bot.services.privacy import notices
from bot.services.privacy.alerts import Moderators
from bot.services.privacy.commands import PrivacyCommands
from bot.services.privacy.erasure import FORGET_CANCEL, FORGET_CONFIRM, Erasure
from bot.services.privacy.export import Export
from bot.services.privacy.files import ExportFiles
from bot.services.privacy.findings import redact_line
from bot.services.privacy.gate import PrivacyGate
from bot.services.privacy.holds import Holds
from bot.services.privacy.retention import RETENTION_JOB, Retention
from bot.services.privacy.settings import PrivacySettings
from bot.services.privacy.verify.nppes import NppesClient
from bot.services.privacy.verify.queue import VERIFY_APPROVE, VERIFY_DENY, ReviewQueue
from bot.services.privacy.verify.service import Verification

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["SPECS", "PrivacyService", "setup"]

SPECS = (
    CommandSpec(
        "privacy",
        "scan",
        "Check a text for patient identifiers: kinds and positions, only to you. "
        "The text is not stored or logged.",
        args=(Arg("text", ArgKind.TEXT),),
        permission=Permission.ANYONE,
        scan=False,
        examples=("/privacy scan pt seen today, MRN 123-4567",),
    ),
    CommandSpec(
        "privacy",
        "status",
        "How privacy works here: the policy, retention, alerts and the disclaimer.",
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "privacy",
        "policy",
        "Set what happens to a post with patient identifiers, in the workspace or one "
        "channel: warn (redacted copy, author told) or hold (also held until edited clean); "
        "default removes the setting.",
        args=(
            Arg("policy", ArgKind.CHOICE, choices=("warn", "hold", "default")),
            Arg("channel", ArgKind.CHANNEL, required=False),
        ),
        permission=Permission.ADMIN,
        examples=("/privacy policy hold #cases", "/privacy policy warn"),
    ),
    CommandSpec(
        "privacy",
        "disclaimer",
        "Set the workspace's scope notice on routed questions and answers (reset restores it).",
        args=(Arg("text", ArgKind.TEXT, max_len=300),),
        permission=Permission.ADMIN,
        examples=("/privacy disclaimer Peer discussion only, not medical advice.",),
    ),
    CommandSpec(
        "privacy",
        "forget-me",
        "Erase everything Rounds holds about you here (asks to confirm first).",
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "privacy",
        "export-me",
        "Get a JSON file of everything Rounds holds about you, by direct message.",
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "audit",
        None,
        "Show the most recent audit log rows (default 20, at most 200).",
        args=(Arg("count", ArgKind.INT, required=False),),
        flags=(Flag("action", ArgKind.WORD, help="only rows of this action, e.g. role.grant"),),
        permission=Permission.ADMIN,
        examples=("/audit", "/audit 50 --action privacy.erase"),
    ),
    CommandSpec(
        "profile",
        "verify",
        "Verify yourself as a physician: your NPI is checked in the NPPES registry against "
        "your profile name; its taxonomy sets your specialty.",
        args=(Arg("npi", help="your 10-digit NPI"),),
        examples=("/profile verify 1234567893",),
    ),
    CommandSpec(
        "admin",
        "verify-queue",
        "NPI verifications waiting for an admin (name mismatch, deactivated number).",
        permission=Permission.ADMIN,
    ),
    CommandSpec(
        "admin",
        "verify",
        "Approve or deny a waiting NPI verification.",
        args=(
            Arg("review", ArgKind.INT, help="the number shown by /admin verify-queue"),
            Arg("decision", ArgKind.CHOICE, choices=("approve", "deny")),
        ),
        permission=Permission.ADMIN,
        examples=("/admin verify 3 approve",),
    ),
)


class PrivacyService:
    """What other capabilities may use: ``await core.services["privacy"].disclaimer(tid)``."""

    def __init__(self, settings: PrivacySettings) -> None:
        self._settings = settings

    async def disclaimer(self, tenant_id: int) -> str:
        """The workspace's scope notice for routed questions and answer cards."""
        return await self._settings.disclaimer(tenant_id)

    async def policy(self, tenant_id: int, channel: str | None) -> str:
        """``warn`` or ``hold``: what applies to posts with identifiers in ``channel``."""
        return await self._settings.policy(tenant_id, channel)


def setup(core: Core) -> None:
    cfg = core.config.privacy
    settings = PrivacySettings(core)
    moderators = Moderators(core)
    files = ExportFiles(core.config.data_dir)
    holds = Holds(core, settings)
    erasure = Erasure(core, files)
    export = Export(core, files)
    retention = Retention(core)
    commands = PrivacyCommands(core, settings)
    reviews = ReviewQueue(core)
    verification = Verification(
        core, NppesClient(cfg.nppes_base_url, cfg.nppes_timeout), moderators
    )

    core.gate = PrivacyGate(core, settings, moderators)
    add_redactor(redact_line)
    core.services["privacy"] = PrivacyService(settings)

    core.registry.declare(SPECS)
    core.registry.summary(
        "privacy", "Patient-identifier checks, privacy policy, your data: export and erasure."
    )
    core.registry.bind(
        {
            "privacy scan": commands.scan,
            "privacy status": commands.status,
            "privacy policy": commands.policy,
            "privacy disclaimer": commands.disclaimer,
            "privacy forget-me": erasure.ask,
            "privacy export-me": export.export_me,
            "audit": commands.audit,
            "profile verify": verification.verify,
            "admin verify-queue": reviews.queue,
            "admin verify": reviews.decide_command,
        }
    )
    core.hooks.action(notices.NOT_PHI, holds.not_phi)
    core.hooks.action(notices.SCOPE_RELEASE, holds.scope_release)
    core.hooks.action(FORGET_CONFIRM, erasure.confirm)
    core.hooks.action(FORGET_CANCEL, erasure.cancel)
    core.hooks.action(VERIFY_APPROVE, reviews.approve_button)
    core.hooks.action(VERIFY_DENY, reviews.deny_button)
    core.hooks.on_edit.append(holds.on_edit)
    core.hooks.on_message.append(retention.on_message)
    core.scheduler.register(RETENTION_JOB, retention.run)
