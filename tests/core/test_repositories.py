"""Core repositories on both engines: tenant scoping, members and roles, groups, event dedupe."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.storage.db import Database
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


async def test_event_dedupe_and_message_copies(db_url: str) -> None:
    db = Database(db_url)
    await db.migrate()
    try:
        async with db.session() as s:
            t = await TenantRepo(s).ensure("slack", "T9", NOW)
            log = EventLog(s, t)
            assert await log.first_time("Ev1", NOW)
            assert not await log.first_time("Ev1", NOW)
            member = await MemberRepo(s, t).ensure("U1", "ann", NOW)
            msgs = MessageRepo(s, t)
            await msgs.add(
                message_id="1.1",
                channel="C1",
                thread=None,
                author_id=member.id,
                text="[MRN] seen",
                files=[],
                phi_kinds=["MRN"],
                held=True,
                private_channel=False,
                now=NOW,
            )
            row = await msgs.get("C1", "1.1")
            assert row is not None and row.held and row.phi_kinds == ["MRN"]
            assert await msgs.delete("C1", "1.1")
            assert await msgs.get("C1", "1.1") is None
    finally:
        await db.close()
