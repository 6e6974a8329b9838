"""Helpers for the privacy gate tests: read stored copies and audit rows, record hook calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from bot.app import Core
from bot.context import Ctx, StoredMessage
from bot.storage.models import MessageCopy
from bot.storage.models.audit import AuditRow

CANARY = "pt Ruiz MRN 4417-2290 DOB 03/04/1961"
VALUES = ("Ruiz", "4417-2290", "03/04/1961")
REDACTED = "pt [NAME] MRN [MRN] DOB [DATE]"


async def copies(core: Core) -> list[MessageCopy]:
    await core.copies.flush()
    async with core.db.session() as s:
        return list(await s.scalars(select(MessageCopy).order_by(MessageCopy.id)))


async def audit_rows(core: Core, action: str | None = None) -> list[AuditRow]:
    async with core.db.session() as s:
        stmt = select(AuditRow).order_by(AuditRow.id)
        if action is not None:
            stmt = stmt.where(AuditRow.action == action)
        return list(await s.scalars(stmt))


def leaks(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bot actions whose text or data quote a canary value."""
    return [a for a in actions if any(v in f"{a['text']} {a['data']}" for v in VALUES)]


@dataclass
class Recorder:
    """Records what other capabilities' hooks would see."""

    messages: list[StoredMessage] = field(default_factory=list)
    edits: list[tuple[StoredMessage, bool, str]] = field(default_factory=list)

    async def on_message(self, ctx: Ctx, stored: StoredMessage) -> None:
        self.messages.append(stored)

    async def on_edit(self, ctx: Ctx, stored: StoredMessage, was_held: bool) -> None:
        self.edits.append((stored, was_held, ctx.member.user_id))

    def attach(self, core: Core) -> Recorder:
        core.hooks.on_message.append(self.on_message)
        core.hooks.on_edit.append(self.on_edit)
        return self
