"""What a handler receives: the event, the tenant, the member, and a tenant-bound outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.members import MemberInfo
from bot.platform import Event, MessageRef, Tenant

if TYPE_CHECKING:
    from bot.outbox import Outbox

__all__ = ["Ctx", "StoredMessage"]


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message after the privacy gate: ``text`` is the redacted copy; ``held`` posts are
    not routed, mirrored or indexed until an edit scans clean."""

    ref: MessageRef
    author: MemberInfo
    text: str
    phi_kinds: tuple[str, ...]
    held: bool
    is_dm: bool
    private_channel: bool
    files: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.phi_kinds


@dataclass(frozen=True, slots=True)
class Ctx:
    tenant: Tenant
    tenant_id: int
    member: MemberInfo
    event: Event
    out: Outbox

    @property
    def channel(self) -> str | None:
        return self.event.channel

    @property
    def thread(self) -> str | None:
        return getattr(self.event, "thread", None)
