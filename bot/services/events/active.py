"""Which events gather right now, held in memory per tenant, and which event and session a
set of tags names. Every message passes here, so the common case (no '#', no open event)
costs no database round trip."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.repos.events import EventInfo, EventRepo, SessionInfo

__all__ = ["ActiveEvents", "LiveEvent", "Snapshot"]

#: seconds a snapshot is trusted; changes made by this process invalidate it at once, those of
#: other processes sharing the database are seen within this time
_TTL = 30.0


@dataclass(frozen=True, slots=True)
class LiveEvent:
    info: EventInfo
    sessions: tuple[SessionInfo, ...] = ()
    optins: frozenset[str] = frozenset()

    def session_by_code(self, code_key: str) -> SessionInfo | None:
        return next((s for s in self.sessions if s.code_key == code_key), None)

    def session_at(self, at: datetime, channel: str) -> SessionInfo | None:
        """The session whose window (and channel, if it has one) covers a post: a session in
        this very channel beats one without a channel; then the latest to start."""
        covering = [s for s in self.sessions if s.covers(at, channel)]
        if not covering:
            return None
        return max(covering, key=lambda s: (s.channel is not None, s.starts_at))


@dataclass(frozen=True, slots=True)
class Snapshot:
    events: tuple[LiveEvent, ...] = ()
    by_tag: dict[str, LiveEvent] = field(default_factory=dict)

    def attribute(self, tags: frozenset[str]) -> list[tuple[LiveEvent, SessionInfo | None]]:
        """The events the tags name, each with the session a session tag names (if any).

        A tag is the event's own (``acc26``) or a session tag (``acc26_s12``); it belongs to
        the event with the longest tag it extends, so that ``#ACC_26`` and ``#ACC`` can
        both run. An unknown session code still names the event."""
        named: dict[int, tuple[LiveEvent, SessionInfo | None]] = {}
        for tag in sorted(tags):
            exact = self.by_tag.get(tag)
            if exact is not None:
                named.setdefault(exact.info.id, (exact, None))
                continue
            owners = [e for k, e in self.by_tag.items() if tag.startswith(k + "_")]
            if not owners:
                continue
            owner = max(owners, key=lambda e: len(e.info.tag_key))
            session = owner.session_by_code(tag[len(owner.info.tag_key) + 1 :])
            current = named.get(owner.info.id)
            if current is None or (current[1] is None and session is not None):
                named[owner.info.id] = (owner, session)
        return list(named.values())


class ActiveEvents:
    """Per-tenant snapshots of the open events with their sessions and opt-ins."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._cache: dict[int, tuple[float, Snapshot]] = {}

    def invalidate(self, tenant_id: int) -> None:
        self._cache.pop(tenant_id, None)

    async def snapshot(self, tenant_id: int) -> Snapshot:
        cached = self._cache.get(tenant_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        async with self.db.session() as s:
            repo = EventRepo(s, tenant_id)
            events = await repo.open_events(self.clock.now())
            ids = [e.id for e in events]
            sessions = await repo.sessions(ids)
            optins = await repo.optins(ids)
        live = tuple(
            LiveEvent(
                e,
                tuple(s for s in sessions if s.event_id == e.id),
                frozenset(c for ev, c in optins if ev == e.id),
            )
            for e in events
        )
        snap = Snapshot(live, {e.info.tag_key: e for e in live})
        self._cache[tenant_id] = (time.monotonic() + _TTL, snap)
        return snap
