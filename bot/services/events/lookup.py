"""Finding the event a command names by its tag, and a session by its code or tag."""

from __future__ import annotations

from datetime import datetime

from bot.errors import Conflict, NotFound, UsageError
from bot.storage.db import Database
from bot.storage.repos.events import EventInfo, EventRepo, SessionInfo

__all__ = ["find_event", "find_session"]


async def find_event(
    db: Database, tenant_id: int, tag: str, now: datetime, *, open_only: bool
) -> EventInfo:
    """The event with this tag (the open one first); ``open_only`` refuses a closed one."""
    async with db.session() as s:
        event = await EventRepo(s, tenant_id).with_tag(tag.lower(), now)
    if event is None:
        raise NotFound(f"No event #{tag}. See /event list.")
    if open_only and event.section(now) is None:
        raise Conflict(f"#{event.tag} has ended.")
    return event


async def find_session(
    db: Database, tenant_id: int, word: str, now: datetime, channel: str | None
) -> tuple[EventInfo, SessionInfo]:
    """``S12``, ``ACC26_S12`` or ``#ACC26_S12``. A bare code that several open events use is
    taken from the event whose live thread is in this channel, else refused as ambiguous."""
    key = word.lstrip("#").lower()
    async with db.session() as s:
        repo = EventRepo(s, tenant_id)
        cuts = [i for i, ch in enumerate(key) if ch == "_"]
        for cut in reversed(cuts):  # the longest event tag first
            event = await repo.with_tag(key[:cut], now)
            if event is None:
                continue
            code = key[cut + 1 :]
            session = next((x for x in await repo.sessions([event.id]) if x.code_key == code), None)
            if session is not None:
                return event, session
        pairs = await repo.sessions_with_code(key)
    if not pairs:
        raise NotFound(f"No session {word[:30]}. See /event list #TAG.")
    current = [(e, x) for e, x in pairs if e.section(now) is not None] or pairs[:1]
    if len(current) > 1:
        here = [(e, x) for e, x in current if e.channel == channel]
        if len(here) != 1:
            tags = ", ".join(f"#{e.tag}_{x.code}" for e, x in current)
            raise UsageError(f"{word[:30]} is a session of several events: write one of {tags}")
        current = here
    return current[0]
