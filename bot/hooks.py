"""Where capabilities plug into the pipeline: listeners for events, button actions, job kinds,
and the erasure and export extensions. Filled once at start by each capability's ``setup``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.platform import DeleteEvent, MemberJoinedEvent, ReactionEvent

if TYPE_CHECKING:
    from bot.context import Ctx, StoredMessage
    from bot.domain.members import MemberInfo
    from bot.domain.reply import Reply, Section

__all__ = ["ActionHandler", "Hooks"]

MessageHook = Callable[["Ctx", "StoredMessage"], Awaitable[None]]
#: on_edit(ctx, the stored message after the edit, whether it was held before)
EditHook = Callable[["Ctx", "StoredMessage", bool], Awaitable[None]]
DeleteHook = Callable[["Ctx", DeleteEvent], Awaitable[None]]
ReactionHook = Callable[["Ctx", ReactionEvent], Awaitable[None]]
JoinHook = Callable[["Ctx", MemberJoinedEvent], Awaitable[None]]
ActionHandler = Callable[["Ctx", str], Awaitable["Reply | None"]]
#: home(tenant_id, member) → a section of the member's home view, or None
HomeHook = Callable[[int, "MemberInfo"], Awaitable["Section | None"]]
#: erase(session, tenant_id, member_id) removes what a capability holds about a member
EraseHook = Callable[[Any, int, int], Awaitable[None]]
#: export(session, tenant_id, member_id) returns a JSON-able section for ``/privacy export-me``
ExportHook = Callable[[Any, int, int], Awaitable[dict[str, Any]]]


@dataclass
class Hooks:
    on_message: list[MessageHook] = field(default_factory=list)
    on_edit: list[EditHook] = field(default_factory=list)
    on_delete: list[DeleteHook] = field(default_factory=list)
    on_reaction: list[ReactionHook] = field(default_factory=list)
    on_member_joined: list[JoinHook] = field(default_factory=list)
    actions: dict[str, ActionHandler] = field(default_factory=dict)
    erasers: list[EraseHook] = field(default_factory=list)
    exporters: dict[str, ExportHook] = field(default_factory=dict)
    #: sections of a member's home view (Slack App Home): open questions, groups, feeds
    home: list[HomeHook] = field(default_factory=list)
    #: run once the core has started ticking, and when it stops (long-lived resources)
    on_start: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_stop: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    #: run on demand (console ``! poll``, ``rounds feeds poll --once``)
    on_poll: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def action(self, action_id: str, handler: ActionHandler) -> None:
        """Register the handler of a button id; ids are unique across capabilities."""
        if action_id in self.actions:
            raise ValueError(f"button action registered twice: {action_id}")
        self.actions[action_id] = handler
