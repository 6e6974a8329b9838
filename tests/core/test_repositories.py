"""Core repositories on both engines: tenant scoping, members and roles, groups, event dedupe."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError

from bot.storage.copies import CopyWriter, NewCopy
from bot.storage.db import Database
from bot.storage.models import MessageCopy
from bot.storage.repos import EventLog, GroupRepo, MemberRepo, MessageRepo, TenantRepo

NOW = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)


async def test_tenants_never_see_each_other(db_url: str) -> None:
    db = Database(db_url)
    await db.migrate()
    try:
        async with db.session() as s:
            a = await TenantRepo(s).ensure("slack", "T1", NOW)
            b = await TenantRepo(s).ensure("discord", "G1", NOW)
            assert a != b and await TenantRepo(s).ensure("slack", "T1", NOW) == a
            alice_a = await MemberRepo(s, a).ensure("alice", "alice", NOW)
            await MemberRepo(s, b).ensure("alice", "alice", NOW)
            group = await GroupRepo(s, a).create("cardiology", "general", alice_a.id, NOW)
            assert group is not None
            assert await GroupRepo(s, a).create("cardiology", None, None, NOW) is None
            assert await GroupRepo(s, b).get("cardiology") is None
            assert [g.name for g in await GroupRepo(s, b).all()] == []
            await GroupRepo(s, a).join(group.id, alice_a.id, NOW)
            await GroupRepo(s, a).set_notify(group.id, alice_a.id, True)
            assert [(m.name, n) for m, n in await GroupRepo(s, a).members(group.id)] == [
                ("alice", True)
            ]
            assert await MemberRepo(s, b).count() == 1
    finally:
        await db.close()


async def test_roles_and_profile(db_url: str) -> None:
    db = Database(db_url)
    await db.migrate()
    try:
        async with db.session() as s:
            t = await TenantRepo(s).ensure("console", "w", NOW)
            repo = MemberRepo(s, t)
            bob = await repo.ensure("bob", "Bob", NOW)
            assert await repo.grant(bob.id, "lead:cardiology")
            assert not await repo.grant(bob.id, "lead:cardiology")
            await repo.update_profile(bob.id, full_name="Bob Ode", tz="America/Chicago")
            profile = await repo.profile(bob.id)
            assert profile is not None and profile.full_name == "Bob Ode"
            assert profile.roles == frozenset({"lead:cardiology"})
            assert (await repo.find("BOB")) is not None
            assert await repo.revoke(bob.id, "lead:cardiology")
            assert (await repo.get("bob")).roles == frozenset()  # type: ignore[union-attr]
    finally:
        await db.close()


async def test_event_dedupe(db_url: str) -> None:
    db = Database(db_url)
    await db.migrate()
    try:
        async with db.session() as s:
            t = await TenantRepo(s).ensure("slack", "T9", NOW)
            log = EventLog(s, t)
            assert await log.first_time("Ev1", NOW)
            assert not await log.first_time("Ev1", NOW)
    finally:
        await db.close()


def _copy(tenant_id: int, author_id: int, message_id: str) -> NewCopy:
    return NewCopy(
        tenant_id=tenant_id,
        message_id=message_id,
        channel="C1",
        thread=None,
        author_id=author_id,
        text="seen",
        files=[],
        phi_kinds=[],
        held=False,
        private_channel=False,
        created_at=NOW,
    )


async def test_message_copies_are_written_in_batches(db_url: str) -> None:
    db = Database(db_url)
    await db.migrate()
    writer = CopyWriter(db, max_delay=3600, max_rows=3)
    try:
        async with db.session() as s:
            t = await TenantRepo(s).ensure("slack", "T9", NOW)
            member = await MemberRepo(s, t).ensure("U1", "ann", NOW)

        async def stored(message_id: str) -> MessageCopy | None:
            async with db.session() as s:
                return await MessageRepo(s, t).get("C1", message_id)

        writer.add(_copy(t, member.id, "1.1"))
        writer.add(_copy(t, member.id, "1.2"))
        assert writer.waiting == 2 and await stored("1.1") is None  # queued, not yet written
        writer.add(_copy(t, member.id, "1.3"))  # max_rows reached: written in the background
        for _ in range(200):
            if writer.waiting == 0 and await stored("1.3") is not None:
                break
            await asyncio.sleep(0.01)
        assert {await stored(n) is not None for n in ("1.1", "1.2", "1.3")} == {True}

        writer.add(_copy(t, member.id, "1.4"))
        # A copy the bot acts on goes out at once, and takes the queue with it.
        await writer.add_now(replace(_copy(t, member.id, "1.5"), phi_kinds=["MRN"], held=True))
        row = await stored("1.5")
        assert row is not None and row.held and row.phi_kinds == ["MRN"]
        assert await stored("1.4") is not None and writer.waiting == 0
        # A redelivered message already copied (by this or another process) is not an error.
        writer.add(replace(_copy(t, member.id, "1.1"), text="again"))
        await writer.flush()
        again = await stored("1.1")
        assert again is not None and again.text == "seen"

        async with db.session() as s:
            assert await MessageRepo(s, t).delete("C1", "1.1")
        assert await stored("1.1") is None
        writer.add(_copy(t, member.id, "1.6"))
        await writer.close()  # shutdown writes what is queued
        assert await stored("1.6") is not None
    finally:
        await db.close()


async def test_message_copies_survive_a_failing_database_and_skip_refused_rows(
    db_url: str,
) -> None:
    db = Database(db_url)
    await db.migrate()
    writer = CopyWriter(db, max_delay=3600, max_rows=4)
    try:
        async with db.session() as s:
            t = await TenantRepo(s).ensure("slack", "T9", NOW)
            member = await MemberRepo(s, t).ensure("U1", "ann", NOW)
        async with db.session() as s:
            await s.execute(text("ALTER TABLE messages RENAME TO messages_away"))
        inserts = 0

        def count(conn: object, cursor: object, statement: str, *args: object) -> None:
            nonlocal inserts
            inserts += statement.lstrip().upper().startswith("INSERT")

        event.listen(db.engine.sync_engine, "before_cursor_execute", count)
        writer.add(_copy(t, member.id, "2.1"))
        with pytest.raises(DBAPIError):
            await writer.flush()
        assert writer.waiting == 1  # kept for the next attempt, not lost
        # While the retry waits, a full queue does not bring the attempt forward: a failing
        # database is not hammered with one attempt per message.
        inserts = 0
        for n in range(3 * writer.max_rows):
            writer.add(_copy(t, member.id, f"9.{n}"))
            await asyncio.sleep(0)
        await asyncio.sleep(0.05)
        assert inserts == 0 and writer.waiting == 1 + 3 * writer.max_rows
        async with db.session() as s:
            await s.execute(text("ALTER TABLE messages_away RENAME TO messages"))
        # Copies the database refuses for good must not hold up the others: an author erased
        # by another process meanwhile (foreign key), a NUL byte PostgreSQL cannot store.
        writer.add(replace(_copy(t, member.id, "2.2"), author_id=member.id + 1000))
        writer.add(replace(_copy(t, member.id, "2.3"), text="NUL\x00byte"))
        writer.add(_copy(t, member.id, "2.4"))
        await writer.flush()
        assert writer.waiting == 0
        async with db.session() as s:
            rows = await s.scalars(select(MessageCopy.message_id).order_by(MessageCopy.id))
            queued = [f"9.{n}" for n in range(3 * writer.max_rows)]
            refused = ["2.3"] if db.is_postgres else []
            assert list(rows) == [m for m in ["2.1", *queued, "2.3", "2.4"] if m not in refused]
    finally:
        await writer.close()
        await db.close()


async def test_copies_wait_while_an_erasure_runs_and_the_erased_members_are_dropped(
    db_url: str,
) -> None:
    db = Database(db_url)
    await db.migrate()
    writer = CopyWriter(db, max_delay=0.01)
    try:
        async with db.session() as s:
            t = await TenantRepo(s).ensure("slack", "T9", NOW)
            ann = await MemberRepo(s, t).ensure("U1", "ann", NOW)
            bob = await MemberRepo(s, t).ensure("U2", "bob", NOW)

        async def written() -> list[str]:
            async with db.session() as s:
                rows = await s.scalars(select(MessageCopy.message_id).order_by(MessageCopy.id))
                return list(rows)

        writer.add(_copy(t, ann.id, "3.1"))
        async with writer.flushed():
            assert await written() == ["3.1"]  # what was queued is written first
            writer.add(_copy(t, ann.id, "3.2"))  # ann speaks while she is being erased
            writer.add(_copy(t, bob.id, "3.3"))
            await asyncio.sleep(0.1)  # the timer fires; its write waits for the block
            assert await written() == ["3.1"]
            writer.discard(t, ann.id)
        await writer.flush()
        assert await written() == ["3.1", "3.3"]
    finally:
        await writer.close()
        await db.close()
