"""Repositories of live events: events and sessions, gathered posts, speaker questions.

Each takes ``(session, tenant_id)`` and scopes every query by the tenant. Results are frozen
values, so that services never hold ORM rows across transactions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.models import Member
from bot.storage.models.events import (
    EventOptinRow,
    EventPostRow,
    EventQuestionRow,
    EventRow,
    EventSessionRow,
    EventVoteRow,
)
from bot.storage.repos.base import Scoped

__all__ = [
    "EventInfo",
    "EventRepo",
    "NewPost",
    "PostInfo",
    "PostRepo",
    "QuestionInfo",
    "QuestionRepo",
    "SessionInfo",
]

#: states of a post that count towards the burst window (what reaches the thread)
FLOWING = ("pending", "mirrored", "queued", "summarized")


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    tag: str
    tag_key: str
    tz: str
    starts_on: datetime | None
    ends_before: datetime | None
    channel: str
    thread: str | None
    group_name: str | None
    created_by: int | None
    created_at: datetime
    stopped_at: datetime | None
    stopped_by: int | None
    post_until: datetime | None

    @property
    def live(self) -> bool:
        return self.stopped_at is None

    def section(self, at: datetime) -> str | None:
        """Where a post written at ``at`` belongs: ``"live"``, ``"post"``, or None (closed)."""
        if self.stopped_at is None or at < self.stopped_at:
            return "live"
        if self.post_until is not None and at < self.post_until:
            return "post"
        return None


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    event_id: int
    code: str
    code_key: str
    title: str
    starts_at: datetime
    ends_at: datetime
    channel: str | None
    embargo_until: datetime | None
    no_photos: bool
    off_record: bool
    group_name: str | None

    def covers(self, at: datetime, channel: str) -> bool:
        """Whether a post at ``at`` in ``channel`` falls in this session's window."""
        in_window = self.starts_at <= at < self.ends_at
        return in_window and (self.channel is None or self.channel == channel)

    def embargoed(self, at: datetime) -> bool:
        return self.embargo_until is not None and at < self.embargo_until


@dataclass(frozen=True, slots=True)
class PostInfo:
    id: int
    event_id: int
    session_id: int | None
    section: str
    channel: str
    message_id: str
    thread: str | None
    author_id: int
    author_name: str
    text: str
    has_image: bool
    private: bool
    state: str
    mirror_id: str | None
    link: str | None
    posted_at: datetime
    edited_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewPost:
    """A post about to be recorded (the columns of ``event_posts`` but its id and tenant)."""

    event_id: int
    session_id: int | None
    section: str
    channel: str
    message_id: str
    thread: str | None
    author_id: int
    text: str
    has_image: bool
    private: bool
    state: str
    posted_at: datetime


#: the columns a NewPost fills (read once: ``asdict`` would deep-copy every value)
_NEW = tuple(f.name for f in fields(NewPost))


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    id: int
    event_id: int
    session_id: int
    asker_id: int
    asker_name: str
    text: str
    anonymous: bool
    status: str
    merged_into: int | None
    card_channel: str | None
    card_id: str | None
    card_thread: str | None
    routed: bool
    votes: int
    created_at: datetime


def _event(r: EventRow) -> EventInfo:
    return EventInfo(
        id=r.id,
        tag=r.tag,
        tag_key=r.tag_key,
        tz=r.tz,
        starts_on=r.starts_on,
        ends_before=r.ends_before,
        channel=r.channel,
        thread=r.thread,
        group_name=r.group_name,
        created_by=r.created_by,
        created_at=r.created_at,
        stopped_at=r.stopped_at,
        stopped_by=r.stopped_by,
        post_until=r.post_until,
    )


def _session(r: EventSessionRow) -> SessionInfo:
    return SessionInfo(
        id=r.id,
        event_id=r.event_id,
        code=r.code,
        code_key=r.code_key,
        title=r.title,
        starts_at=r.starts_at,
        ends_at=r.ends_at,
        channel=r.channel,
        embargo_until=r.embargo_until,
        no_photos=r.no_photos,
        off_record=r.off_record,
        group_name=r.group_name,
    )


class EventRepo(Scoped):
    """Events, their sessions and opted-in private channels."""

    def _open(self, now: datetime) -> Any:
        return or_(EventRow.stopped_at.is_(None), EventRow.post_until > now)

    async def create(
        self,
        *,
        tag: str,
        tz: str,
        starts_on: datetime | None,
        ends_before: datetime | None,
        channel: str,
        group_name: str | None,
        created_by: int,
        now: datetime,
    ) -> EventInfo:
        row = EventRow(
            tenant_id=self.tenant_id,
            tag=tag,
            tag_key=tag.lower(),
            tz=tz,
            starts_on=starts_on,
            ends_before=ends_before,
            channel=channel,
            group_name=group_name,
            created_by=created_by,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        return _event(row)

    async def set_thread(self, event_id: int, thread: str) -> None:
        await self.s.execute(
            update(EventRow)
            .where(EventRow.tenant_id == self.tenant_id, EventRow.id == event_id)
            .values(thread=thread)
        )

    async def get(self, event_id: int) -> EventInfo | None:
        row = await self.s.get(EventRow, event_id)
        return _event(row) if row is not None and row.tenant_id == self.tenant_id else None

    async def open_events(self, now: datetime) -> list[EventInfo]:
        """Events that still gather: live, or in their post-event days."""
        rows = await self.s.scalars(
            select(EventRow)
            .where(EventRow.tenant_id == self.tenant_id, self._open(now))
            .order_by(EventRow.id)
        )
        return [_event(r) for r in rows]

    async def with_tag(self, tag_key: str, now: datetime) -> EventInfo | None:
        """The open event with this tag, else the latest closed one."""
        rows = await self.s.scalars(
            select(EventRow)
            .where(EventRow.tenant_id == self.tenant_id, EventRow.tag_key == tag_key)
            .order_by(EventRow.id.desc())
        )
        found = [_event(r) for r in rows]
        return next((e for e in found if e.section(now) is not None), found[0] if found else None)

    async def stop(self, event_id: int, by: int, now: datetime, post_until: datetime) -> bool:
        """End live mode; False when it had ended already."""
        result = await self.s.execute(
            update(EventRow)
            .where(
                EventRow.tenant_id == self.tenant_id,
                EventRow.id == event_id,
                EventRow.stopped_at.is_(None),
            )
            .values(stopped_at=now, stopped_by=by, post_until=post_until)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def add_session(
        self,
        *,
        event_id: int,
        code: str,
        title: str,
        starts_at: datetime,
        ends_at: datetime,
        channel: str | None,
        embargo_until: datetime | None,
        no_photos: bool,
        off_record: bool,
        group_name: str | None,
        now: datetime,
    ) -> SessionInfo | None:
        """A new session; None when the event has one with this code already."""
        taken = await self.s.scalar(
            select(EventSessionRow.id).where(
                EventSessionRow.tenant_id == self.tenant_id,
                EventSessionRow.event_id == event_id,
                EventSessionRow.code_key == code.lower(),
            )
        )
        if taken is not None:
            return None
        row = EventSessionRow(
            tenant_id=self.tenant_id,
            event_id=event_id,
            code=code,
            code_key=code.lower(),
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            channel=channel,
            embargo_until=embargo_until,
            no_photos=no_photos,
            off_record=off_record,
            group_name=group_name,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        return _session(row)

    async def sessions(self, event_ids: Sequence[int]) -> list[SessionInfo]:
        if not event_ids:
            return []
        rows = await self.s.scalars(
            select(EventSessionRow)
            .where(
                EventSessionRow.tenant_id == self.tenant_id,
                EventSessionRow.event_id.in_(event_ids),
            )
            .order_by(EventSessionRow.starts_at, EventSessionRow.id)
        )
        return [_session(r) for r in rows]

    async def session(self, session_id: int) -> SessionInfo | None:
        row = await self.s.get(EventSessionRow, session_id)
        return _session(row) if row is not None and row.tenant_id == self.tenant_id else None

    async def sessions_with_code(self, code_key: str) -> list[tuple[EventInfo, SessionInfo]]:
        """Sessions with this code in any event, newest event first."""
        rows = await self.s.execute(
            select(EventRow, EventSessionRow)
            .join(EventSessionRow, EventSessionRow.event_id == EventRow.id)
            .where(EventRow.tenant_id == self.tenant_id, EventSessionRow.code_key == code_key)
            .order_by(EventRow.id.desc())
        )
        return [(_event(e), _session(s)) for e, s in rows.all()]

    async def optin(self, event_id: int, channel: str, by: int, now: datetime) -> bool:
        """Let a private channel in; False when it was in already."""
        found = await self.s.get(EventOptinRow, (event_id, channel))
        if found is not None:
            return False
        self.s.add(
            EventOptinRow(
                tenant_id=self.tenant_id, event_id=event_id, channel=channel, by_member=by, at=now
            )
        )
        await self.s.flush()
        return True

    async def optins(self, event_ids: Sequence[int]) -> list[tuple[int, str]]:
        if not event_ids:
            return []
        rows = await self.s.execute(
            select(EventOptinRow.event_id, EventOptinRow.channel).where(
                EventOptinRow.tenant_id == self.tenant_id,
                EventOptinRow.event_id.in_(event_ids),
            )
        )
        return [(e, c) for e, c in rows.all()]


_POST_COLUMNS = (EventPostRow, Member.name)


def _post(r: EventPostRow, name: str | None) -> PostInfo:
    return PostInfo(
        id=r.id,
        event_id=r.event_id,
        session_id=r.session_id,
        section=r.section,
        channel=r.channel,
        message_id=r.message_id,
        thread=r.thread,
        author_id=r.author_id,
        author_name=name or "",
        text=r.text,
        has_image=r.has_image,
        private=r.private,
        state=r.state,
        mirror_id=r.mirror_id,
        link=r.link,
        posted_at=r.posted_at,
        edited_at=r.edited_at,
    )


class PostRepo(Scoped):
    """Gathered posts: Rounds' redacted copies, their filing and their mirrors."""

    def _select(self) -> Any:
        return (
            select(*_POST_COLUMNS)
            .join(Member, Member.id == EventPostRow.author_id)
            .where(EventPostRow.tenant_id == self.tenant_id)
        )

    async def _many(self, stmt: Any) -> list[PostInfo]:
        rows = await self.s.execute(stmt)
        return [_post(r, n) for r, n in rows.all()]

    async def add_many(self, posts: Sequence[NewPost]) -> list[tuple[int, str]]:
        """Record posts; (id, state) of each, in order. A post recorded already (the same
        message for the same event) is left as it is, and its row is what comes back."""
        if not posts:
            return []
        dialect = self.s.bind.dialect.name
        stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(EventPostRow)
        # One executemany without RETURNING, then one read: far faster than RETURNING in
        # parameter order, which SQLite can only do one row at a time.
        await self.s.execute(
            stmt.on_conflict_do_nothing(),
            [{"tenant_id": self.tenant_id, **{f: getattr(p, f) for f in _NEW}} for p in posts],
        )
        rows = await self.s.execute(
            select(
                EventPostRow.event_id,
                EventPostRow.channel,
                EventPostRow.message_id,
                EventPostRow.id,
                EventPostRow.state,
            ).where(
                EventPostRow.tenant_id == self.tenant_id,
                EventPostRow.event_id.in_({p.event_id for p in posts}),
                EventPostRow.message_id.in_({p.message_id for p in posts}),
            )
        )
        found = {(e, c, m): (i, st) for e, c, m, i, st in rows.all()}
        return [found[(p.event_id, p.channel, p.message_id)] for p in posts]

    async def count_since(self, event_id: int, since: datetime) -> int:
        """Posts of the event on their way to the thread since ``since``."""
        found = await self.s.scalar(
            select(func.count())
            .select_from(EventPostRow)
            .where(
                EventPostRow.tenant_id == self.tenant_id,
                EventPostRow.event_id == event_id,
                EventPostRow.posted_at >= since,
                EventPostRow.state.in_(FLOWING),
            )
        )
        return int(found or 0)

    async def counts(self, event_ids: Sequence[int]) -> dict[int, int]:
        """Gathered posts per event (held ones included)."""
        if not event_ids:
            return {}
        rows = await self.s.execute(
            select(EventPostRow.event_id, func.count())
            .where(EventPostRow.tenant_id == self.tenant_id, EventPostRow.event_id.in_(event_ids))
            .group_by(EventPostRow.event_id)
        )
        return {e: int(n) for e, n in rows.all()}

    async def get(self, post_id: int) -> PostInfo | None:
        found = await self._many(self._select().where(EventPostRow.id == post_id))
        return found[0] if found else None

    async def by_message(self, channel: str | None, message_id: str) -> list[PostInfo]:
        stmt = self._select().where(EventPostRow.message_id == message_id)
        if channel is not None:
            stmt = stmt.where(EventPostRow.channel == channel)
        return await self._many(stmt)

    async def in_state(
        self, event_id: int, state: str, *, session_id: int | None = None
    ) -> list[PostInfo]:
        stmt = self._select().where(EventPostRow.event_id == event_id, EventPostRow.state == state)
        if session_id is not None:
            stmt = stmt.where(EventPostRow.session_id == session_id)
        return await self._many(stmt.order_by(EventPostRow.posted_at, EventPostRow.id))

    async def in_summary(self, mirror_id: str) -> list[PostInfo]:
        return await self._many(
            self._select()
            .where(EventPostRow.mirror_id == mirror_id, EventPostRow.state == "summarized")
            .order_by(EventPostRow.id)
        )

    async def for_event(self, event_id: int) -> list[PostInfo]:
        return await self._many(
            self._select()
            .where(EventPostRow.event_id == event_id)
            .order_by(EventPostRow.posted_at, EventPostRow.id)
        )

    async def move(
        self,
        post_ids: Sequence[int],
        *,
        from_state: str,
        to_state: str,
        mirror_id: str | None = None,
    ) -> int:
        """Change the state of those posts still in ``from_state`` (a claim: concurrent
        movers never both win); returns how many moved."""
        if not post_ids:
            return 0
        values: dict[str, Any] = {"state": to_state}
        if mirror_id is not None:
            values["mirror_id"] = mirror_id
        result = await self.s.execute(
            update(EventPostRow)
            .where(
                EventPostRow.tenant_id == self.tenant_id,
                EventPostRow.id.in_(post_ids),
                EventPostRow.state == from_state,
            )
            .values(**values)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def set_mirror(self, post_ids: Sequence[int], mirror_id: str, link: str | None) -> int:
        values: dict[str, Any] = {"mirror_id": mirror_id}
        if link is not None:
            values["link"] = link
        result = await self.s.execute(
            update(EventPostRow)
            .where(EventPostRow.tenant_id == self.tenant_id, EventPostRow.id.in_(post_ids))
            .values(**values)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def set_link(self, post_id: int, link: str) -> None:
        await self.s.execute(
            update(EventPostRow)
            .where(EventPostRow.tenant_id == self.tenant_id, EventPostRow.id == post_id)
            .values(link=link)
        )

    async def set_text(self, post_id: int, text: str, now: datetime) -> None:
        await self.s.execute(
            update(EventPostRow)
            .where(EventPostRow.tenant_id == self.tenant_id, EventPostRow.id == post_id)
            .values(text=text, edited_at=now)
        )

    async def remove(self, post_ids: Sequence[int]) -> None:
        if post_ids:
            await self.s.execute(
                delete(EventPostRow).where(
                    EventPostRow.tenant_id == self.tenant_id, EventPostRow.id.in_(post_ids)
                )
            )

    async def by_author(self, member_id: int) -> list[PostInfo]:
        return await self._many(
            self._select().where(EventPostRow.author_id == member_id).order_by(EventPostRow.id)
        )

    async def remove_by_author(self, member_id: int) -> int:
        result = await self.s.execute(
            delete(EventPostRow).where(
                EventPostRow.tenant_id == self.tenant_id, EventPostRow.author_id == member_id
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _votes() -> Any:
    return (
        select(func.count())
        .where(EventVoteRow.question_id == EventQuestionRow.id)
        .correlate(EventQuestionRow)
        .scalar_subquery()
    )


def _question(r: EventQuestionRow, name: str | None, votes: int | None) -> QuestionInfo:
    return QuestionInfo(
        id=r.id,
        event_id=r.event_id,
        session_id=r.session_id,
        asker_id=r.asker_id,
        asker_name=name or "",
        text=r.text,
        anonymous=r.anonymous,
        status=r.status,
        merged_into=r.merged_into,
        card_channel=r.card_channel,
        card_id=r.card_id,
        card_thread=r.card_thread,
        routed=r.routed,
        votes=int(votes or 0),
        created_at=r.created_at,
    )


class QuestionRepo(Scoped):
    """Speaker questions and their votes (one per member, by primary key)."""

    def _select(self) -> Any:
        votes = _votes().label("votes")
        return (
            select(EventQuestionRow, Member.name, votes)
            .join(Member, Member.id == EventQuestionRow.asker_id)
            .where(EventQuestionRow.tenant_id == self.tenant_id)
        )

    async def _many(self, stmt: Any) -> list[QuestionInfo]:
        rows = await self.s.execute(stmt)
        return [_question(r, n, v) for r, n, v in rows.all()]

    async def add(
        self,
        *,
        event_id: int,
        session_id: int,
        asker_id: int,
        text: str,
        anonymous: bool,
        now: datetime,
    ) -> int:
        row = EventQuestionRow(
            tenant_id=self.tenant_id,
            event_id=event_id,
            session_id=session_id,
            asker_id=asker_id,
            text=text,
            anonymous=anonymous,
            status="open",
            routed=False,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        return row.id

    async def set_card(
        self, question_id: int, channel: str | None, card_id: str, thread: str | None
    ) -> None:
        await self.s.execute(
            update(EventQuestionRow)
            .where(EventQuestionRow.tenant_id == self.tenant_id, EventQuestionRow.id == question_id)
            .values(card_channel=channel, card_id=card_id, card_thread=thread)
        )

    async def get(self, question_id: int) -> QuestionInfo | None:
        found = await self._many(self._select().where(EventQuestionRow.id == question_id))
        return found[0] if found else None

    async def by_card(self, card_id: str) -> QuestionInfo | None:
        found = await self._many(self._select().where(EventQuestionRow.card_id == card_id))
        return found[0] if found else None

    async def for_session(self, session_id: int) -> list[QuestionInfo]:
        """The session's questions, most votes first, then oldest first."""
        stmt = self._select().where(EventQuestionRow.session_id == session_id)
        return await self._many(stmt.order_by(_votes().desc(), EventQuestionRow.id))

    async def for_event(self, event_id: int) -> list[QuestionInfo]:
        stmt = self._select().where(EventQuestionRow.event_id == event_id)
        return await self._many(stmt.order_by(_votes().desc(), EventQuestionRow.id))

    async def toggle_vote(self, question_id: int, member_id: int, now: datetime) -> bool:
        """Add the member's vote, or take it back; True when the member now votes for it."""
        removed = await self.s.execute(
            delete(EventVoteRow).where(
                EventVoteRow.tenant_id == self.tenant_id,
                EventVoteRow.question_id == question_id,
                EventVoteRow.member_id == member_id,
            )
        )
        if removed.rowcount:  # type: ignore[attr-defined]
            return False
        await self.set_vote(question_id, member_id, True, now)
        return True

    async def set_vote(self, question_id: int, member_id: int, on: bool, now: datetime) -> bool:
        """Vote or unvote; False when nothing changed."""
        found = await self.s.get(EventVoteRow, (question_id, member_id))
        if found is not None and found.tenant_id != self.tenant_id:
            return False
        if on == (found is not None):
            return False
        if on:
            self.s.add(
                EventVoteRow(
                    tenant_id=self.tenant_id, question_id=question_id, member_id=member_id, at=now
                )
            )
        else:
            await self.s.delete(found)
        await self.s.flush()
        return True

    async def set_status(
        self, question_id: int, status: str, merged_into: int | None = None
    ) -> bool:
        result = await self.s.execute(
            update(EventQuestionRow)
            .where(EventQuestionRow.tenant_id == self.tenant_id, EventQuestionRow.id == question_id)
            .values(status=status, merged_into=merged_into)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def move_votes(self, from_id: int, to_id: int, now: datetime) -> None:
        """Give ``to_id`` every vote of ``from_id`` it lacks (a merge keeps every voice once)."""
        voters = await self.s.scalars(
            select(EventVoteRow.member_id).where(
                EventVoteRow.tenant_id == self.tenant_id, EventVoteRow.question_id == from_id
            )
        )
        for member_id in list(voters):
            await self.set_vote(to_id, member_id, True, now)

    async def mark_routed(self, question_id: int) -> bool:
        """Claim a question for routing to Q&A; False when it was routed already."""
        result = await self.s.execute(
            update(EventQuestionRow)
            .where(
                EventQuestionRow.tenant_id == self.tenant_id,
                EventQuestionRow.id == question_id,
                EventQuestionRow.routed.is_(False),
            )
            .values(routed=True)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def unmark_routed(self, question_id: int) -> None:
        """Give a claim back after routing failed, so that a later run may try again."""
        await self.s.execute(
            update(EventQuestionRow)
            .where(EventQuestionRow.tenant_id == self.tenant_id, EventQuestionRow.id == question_id)
            .values(routed=False)
        )

    async def set_qa_ref(self, question_id: int, ref: str) -> None:
        await self.s.execute(
            update(EventQuestionRow)
            .where(EventQuestionRow.tenant_id == self.tenant_id, EventQuestionRow.id == question_id)
            .values(qa_ref=ref[:64])
        )

    async def by_asker(self, member_id: int) -> list[QuestionInfo]:
        return await self._many(
            self._select()
            .where(EventQuestionRow.asker_id == member_id)
            .order_by(EventQuestionRow.id)
        )

    async def voted_by(self, member_id: int) -> list[int]:
        rows = await self.s.scalars(
            select(EventVoteRow.question_id)
            .where(EventVoteRow.tenant_id == self.tenant_id, EventVoteRow.member_id == member_id)
            .order_by(EventVoteRow.question_id)
        )
        return list(rows)

    async def remove_member(self, member_id: int) -> None:
        """Erase a member's votes and questions (their votes' effect goes with them)."""
        await self.s.execute(
            delete(EventVoteRow).where(
                EventVoteRow.tenant_id == self.tenant_id, EventVoteRow.member_id == member_id
            )
        )
        await self.s.execute(
            delete(EventQuestionRow).where(
                EventQuestionRow.tenant_id == self.tenant_id,
                EventQuestionRow.asker_id == member_id,
            )
        )
