"""Repositories of the core tables."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.members import Group as GroupInfo
from bot.domain.members import MemberInfo, Profile
from bot.storage.models import (
    BotPost,
    Group,
    GroupMember,
    Member,
    MemberRole,
    MessageCopy,
    ProcessedEvent,
    Setting,
    TenantRow,
)
from bot.storage.repos.base import Scoped

__all__ = [
    "BotPostRepo",
    "EventLog",
    "GroupRepo",
    "MemberRepo",
    "MessageRepo",
    "SettingRepo",
    "TenantRepo",
]


class TenantRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def ensure(self, platform: str, workspace: str, now: datetime) -> int:
        found: int | None = await self.s.scalar(
            select(TenantRow.id).where(
                TenantRow.platform == platform, TenantRow.workspace == workspace
            )
        )
        if found is not None:
            return found
        try:
            async with self.s.begin_nested():
                row = TenantRow(platform=platform, workspace=workspace, created_at=now)
                self.s.add(row)
            return row.id
        except IntegrityError:  # another process created it first
            found = await self.s.scalar(
                select(TenantRow.id).where(
                    TenantRow.platform == platform, TenantRow.workspace == workspace
                )
            )
            assert found is not None
            return found

    async def by_id(self, tenant_id: int) -> tuple[str, str] | None:
        row = await self.s.get(TenantRow, tenant_id)
        return None if row is None else (row.platform, row.workspace)

    async def delete(self, platform: str, workspace: str) -> None:
        await self.s.execute(
            delete(TenantRow).where(
                TenantRow.platform == platform, TenantRow.workspace == workspace
            )
        )


class EventLog(Scoped):
    """De-duplication of platform events by id, shared by every process."""

    async def first_time(self, event_id: str, now: datetime) -> bool:
        """Record the event; False when it was already recorded (a retry). One statement:
        this runs for every event, so no savepoint round trips."""
        insert = pg_insert if self.s.get_bind().dialect.name == "postgresql" else sqlite_insert
        result = await self.s.execute(
            insert(ProcessedEvent)
            .values(tenant_id=self.tenant_id, event_id=event_id, at=now)
            .on_conflict_do_nothing()
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def purge_before(self, when: datetime) -> None:
        await self.s.execute(
            delete(ProcessedEvent).where(
                ProcessedEvent.tenant_id == self.tenant_id, ProcessedEvent.at < when
            )
        )


def _info(row: Member, roles: Sequence[str]) -> MemberInfo:
    return MemberInfo(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        pseudonym=row.pseudonym,
        roles=frozenset(roles),
        verified=row.verified,
    )


def _profile(row: Member, roles: Sequence[str]) -> Profile:
    return Profile(
        member_id=row.id,
        user_id=row.user_id,
        name=row.name,
        full_name=row.full_name,
        specialty=row.specialty,
        title=row.title,
        npi=row.npi,
        tz=row.tz,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        verified=row.verified,
        roles=frozenset(roles),
    )


class MemberRepo(Scoped):
    async def _roles(self, member_id: int) -> list[str]:
        rows = await self.s.scalars(
            select(MemberRole.role).where(MemberRole.member_id == member_id)
        )
        return list(rows)

    async def _row(self, user_id: str) -> Member | None:
        found: Member | None = await self.s.scalar(
            select(Member).where(Member.tenant_id == self.tenant_id, Member.user_id == user_id)
        )
        return found

    async def count(self) -> int:
        return (
            await self.s.scalar(
                select(func.count()).select_from(Member).where(Member.tenant_id == self.tenant_id)
            )
            or 0
        )

    async def ensure(self, user_id: str, name: str, now: datetime) -> MemberInfo:
        """The member for a platform user, created on first sight."""
        row = await self._row(user_id)
        if row is None:
            try:
                async with self.s.begin_nested():
                    row = Member(
                        tenant_id=self.tenant_id,
                        user_id=user_id,
                        name=name[:80] or user_id,
                        pseudonym="m_" + secrets.token_hex(8),
                        verified=False,
                        show_in_stats=False,
                        created_at=now,
                    )
                    self.s.add(row)
            except IntegrityError:
                row = await self._row(user_id)
                assert row is not None
            return _info(row, [])
        return _info(row, await self._roles(row.id))

    async def get(self, user_id: str) -> MemberInfo | None:
        row = await self._row(user_id)
        return None if row is None else _info(row, await self._roles(row.id))

    async def by_id(self, member_id: int) -> MemberInfo | None:
        row = await self.s.get(Member, member_id)
        if row is None or row.tenant_id != self.tenant_id:
            return None
        return _info(row, await self._roles(row.id))

    async def find(self, query: str) -> MemberInfo | None:
        """By platform user id or by name (case-insensitive)."""
        row = await self._row(query)
        if row is None:
            row = await self.s.scalar(
                select(Member).where(
                    Member.tenant_id == self.tenant_id, func.lower(Member.name) == query.lower()
                )
            )
        return None if row is None else _info(row, await self._roles(row.id))

    async def with_roles(self) -> list[MemberInfo]:
        rows = await self.s.scalars(
            select(Member)
            .where(
                Member.tenant_id == self.tenant_id,
                Member.id.in_(select(MemberRole.member_id)),
            )
            .order_by(Member.name)
        )
        return [_info(r, await self._roles(r.id)) for r in rows]

    async def profile(self, member_id: int, roles: Sequence[str] | None = None) -> Profile | None:
        """A member's profile; ``roles`` when the caller already holds them (saves a query)."""
        row = await self.s.get(Member, member_id)
        if row is None or row.tenant_id != self.tenant_id:
            return None
        return _profile(row, await self._roles(row.id) if roles is None else roles)

    async def profiles(self, member_ids: Sequence[int]) -> list[Profile]:
        if not member_ids:
            return []
        rows = await self.s.scalars(
            select(Member).where(Member.tenant_id == self.tenant_id, Member.id.in_(member_ids))
        )
        return [_profile(r, []) for r in rows]

    async def update_profile(self, member_id: int, **fields: object) -> None:
        await self.s.execute(
            update(Member)
            .where(Member.tenant_id == self.tenant_id, Member.id == member_id)
            .values(**fields)
        )

    async def grant(self, member_id: int, role: str) -> bool:
        """Add a role; False when the member already had it."""
        if role in await self._roles(member_id):
            return False
        self.s.add(MemberRole(member_id=member_id, role=role))
        await self.s.flush()
        return True

    async def revoke(self, member_id: int, role: str) -> bool:
        result = await self.s.execute(
            delete(MemberRole).where(MemberRole.member_id == member_id, MemberRole.role == role)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def delete(self, member_id: int) -> None:
        await self.s.execute(
            delete(Member).where(Member.tenant_id == self.tenant_id, Member.id == member_id)
        )


def _group_infos() -> Select[tuple[int, str, str | None, str | None, int]]:
    """Groups with their backup's name and member count, in one statement."""
    backup = aliased(Group)
    members = (
        select(func.count())
        .where(GroupMember.group_id == Group.id)
        .correlate(Group)
        .scalar_subquery()
    )
    return select(Group.id, Group.name, Group.home_channel, backup.name, members).outerjoin(
        backup, backup.id == Group.backup_group_id
    )


# Built once: an aliased join costs more CPU to build than the query takes to run.
_GROUP_INFOS = _group_infos()


class GroupRepo(Scoped):
    async def _row(self, name: str) -> Group | None:
        found: Group | None = await self.s.scalar(
            select(Group).where(Group.tenant_id == self.tenant_id, Group.name == name)
        )
        return found

    def _infos(self) -> Select[tuple[int, str, str | None, str | None, int]]:
        return _GROUP_INFOS.where(Group.tenant_id == self.tenant_id)

    async def get(self, name: str) -> GroupInfo | None:
        row = (await self.s.execute(self._infos().where(Group.name == name))).first()
        return None if row is None else GroupInfo(*row)

    async def create(
        self, name: str, home_channel: str | None, created_by: int | None, now: datetime
    ) -> GroupInfo | None:
        """A new group; None when the name is taken."""
        try:
            async with self.s.begin_nested():
                row = Group(
                    tenant_id=self.tenant_id,
                    name=name,
                    home_channel=home_channel,
                    created_by=created_by,
                    created_at=now,
                )
                self.s.add(row)
        except IntegrityError:
            return None
        return GroupInfo(row.id, row.name, row.home_channel)

    async def all(self) -> list[GroupInfo]:
        rows = await self.s.execute(self._infos().order_by(Group.name))
        return [GroupInfo(*r) for r in rows]

    async def set_backup(self, group_id: int, backup_id: int | None) -> None:
        await self.s.execute(
            update(Group)
            .where(Group.tenant_id == self.tenant_id, Group.id == group_id)
            .values(backup_group_id=backup_id)
        )

    async def join(self, group_id: int, member_id: int, now: datetime) -> bool:
        existing = await self.s.get(GroupMember, (group_id, member_id))
        if existing is not None:
            return False
        self.s.add(GroupMember(group_id=group_id, member_id=member_id, notify=False, joined_at=now))
        await self.s.flush()
        return True

    async def leave(self, group_id: int, member_id: int) -> bool:
        result = await self.s.execute(
            delete(GroupMember).where(
                GroupMember.group_id == group_id, GroupMember.member_id == member_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_notify(self, group_id: int, member_id: int, on: bool) -> bool:
        result = await self.s.execute(
            update(GroupMember)
            .where(GroupMember.group_id == group_id, GroupMember.member_id == member_id)
            .values(notify=on)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def members(self, group_id: int) -> list[tuple[MemberInfo, bool]]:
        """Members of a group with their notify flag, by name."""
        rows = await self.s.execute(
            select(Member, GroupMember.notify)
            .join(GroupMember, GroupMember.member_id == Member.id)
            .where(GroupMember.group_id == group_id, Member.tenant_id == self.tenant_id)
            .order_by(Member.name)
        )
        return [(_info(m, []), bool(n)) for m, n in rows.all()]

    async def groups_of(self, member_id: int) -> list[str]:
        rows = await self.s.scalars(
            select(Group.name)
            .join(GroupMember, GroupMember.group_id == Group.id)
            .where(GroupMember.member_id == member_id, Group.tenant_id == self.tenant_id)
            .order_by(Group.name)
        )
        return list(rows)

    async def leave_all(self, member_id: int) -> None:
        await self.s.execute(delete(GroupMember).where(GroupMember.member_id == member_id))


class MessageRepo(Scoped):
    """Rounds' own redacted copies of messages."""

    async def get(self, channel: str, message_id: str) -> MessageCopy | None:
        found: MessageCopy | None = await self.s.scalar(
            select(MessageCopy).where(
                MessageCopy.tenant_id == self.tenant_id,
                MessageCopy.channel == channel,
                MessageCopy.message_id == message_id,
            )
        )
        return found

    async def find(self, message_id: str) -> MessageCopy | None:
        found: MessageCopy | None = await self.s.scalar(
            select(MessageCopy).where(
                MessageCopy.tenant_id == self.tenant_id, MessageCopy.message_id == message_id
            )
        )
        return found

    async def edit(
        self, row: MessageCopy, text: str, phi_kinds: Sequence[str], held: bool, now: datetime
    ) -> None:
        row.text = text
        row.phi_kinds = list(phi_kinds)
        row.held = held
        row.edited_at = now
        await self.s.flush()

    async def delete(self, channel: str | None, message_id: str) -> bool:
        stmt = delete(MessageCopy).where(
            MessageCopy.tenant_id == self.tenant_id, MessageCopy.message_id == message_id
        )
        if channel is not None:
            stmt = stmt.where(MessageCopy.channel == channel)
        result = await self.s.execute(stmt)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def delete_by_author(self, author_id: int) -> int:
        result = await self.s.execute(
            delete(MessageCopy).where(
                MessageCopy.tenant_id == self.tenant_id, MessageCopy.author_id == author_id
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def by_author(self, author_id: int) -> list[MessageCopy]:
        rows = await self.s.scalars(
            select(MessageCopy)
            .where(MessageCopy.tenant_id == self.tenant_id, MessageCopy.author_id == author_id)
            .order_by(MessageCopy.id)
        )
        return list(rows)

    async def purge_before(self, when: datetime) -> int:
        result = await self.s.execute(
            delete(MessageCopy).where(
                MessageCopy.tenant_id == self.tenant_id, MessageCopy.created_at < when
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class BotPostRepo(Scoped):
    async def add(
        self,
        *,
        message_id: str,
        channel: str | None,
        thread: str | None,
        kind: str,
        ref: str | None,
        on_behalf_of: int | None,
        now: datetime,
    ) -> None:
        self.s.add(
            BotPost(
                tenant_id=self.tenant_id,
                message_id=message_id,
                channel=channel,
                thread=thread,
                kind=kind,
                ref=ref,
                on_behalf_of=on_behalf_of,
                created_at=now,
            )
        )
        await self.s.flush()

    async def find(self, kind: str, ref: str) -> list[BotPost]:
        rows = await self.s.scalars(
            select(BotPost).where(
                BotPost.tenant_id == self.tenant_id, BotPost.kind == kind, BotPost.ref == ref
            )
        )
        return list(rows)

    async def by_message(self, message_id: str) -> BotPost | None:
        found: BotPost | None = await self.s.scalar(
            select(BotPost).where(
                BotPost.tenant_id == self.tenant_id, BotPost.message_id == message_id
            )
        )
        return found

    async def on_behalf_of(self, member_id: int) -> list[BotPost]:
        rows = await self.s.scalars(
            select(BotPost).where(
                BotPost.tenant_id == self.tenant_id, BotPost.on_behalf_of == member_id
            )
        )
        return list(rows)

    async def remove(self, post_id: int) -> None:
        await self.s.execute(
            delete(BotPost).where(BotPost.tenant_id == self.tenant_id, BotPost.id == post_id)
        )


class SettingRepo(Scoped):
    async def get(self, scope: str, key: str) -> str | None:
        found: str | None = await self.s.scalar(
            select(Setting.value).where(
                Setting.tenant_id == self.tenant_id, Setting.scope == scope, Setting.key == key
            )
        )
        return found

    async def set(self, scope: str, key: str, value: str | None) -> None:
        await self.s.execute(
            delete(Setting).where(
                Setting.tenant_id == self.tenant_id, Setting.scope == scope, Setting.key == key
            )
        )
        if value is not None:
            self.s.add(Setting(tenant_id=self.tenant_id, scope=scope, key=key, value=value))
            await self.s.flush()

    async def scopes_with(self, key: str, value: str) -> list[str]:
        rows = await self.s.scalars(
            select(Setting.scope).where(
                Setting.tenant_id == self.tenant_id, Setting.key == key, Setting.value == value
            )
        )
        return list(rows)
