"""``/group …`` commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import Arg, ArgKind, CommandSpec, ParsedArgs, Permission
from bot.context import Ctx
from bot.domain.reply import Item, Reply, Section
from bot.errors import Conflict, NotFound, UsageError
from bot.storage.repos import GroupRepo

if TYPE_CHECKING:
    from bot.app import Core

_GROUP = Arg("group", ArgKind.GROUP, help="group name, e.g. cardiology")

SPECS = (
    CommandSpec("group", "list", "List the specialty groups.", permission=Permission.ANYONE),
    CommandSpec(
        "group",
        "create",
        "Create a specialty group; its home channel is this one unless given.",
        args=(_GROUP, Arg("channel", ArgKind.CHANNEL, required=False)),
        permission=Permission.LEAD,
        examples=("/group create cardiology #cardiology",),
    ),
    CommandSpec("group", "join", "Join a specialty group.", args=(_GROUP,)),
    CommandSpec("group", "leave", "Leave a specialty group.", args=(_GROUP,)),
    CommandSpec(
        "group", "members", "Who is in a group.", args=(_GROUP,), permission=Permission.ANYONE
    ),
    CommandSpec(
        "group",
        "notify",
        "Opt in or out of questions routed to this group (joins it if needed).",
        args=(_GROUP, Arg("state", ArgKind.CHOICE, choices=("on", "off"))),
        examples=("/group notify cardiology on",),
    ),
    CommandSpec(
        "group",
        "backup",
        "Set the group that takes questions when nobody in this one is available.",
        args=(_GROUP, Arg("backup", ArgKind.GROUP)),
        permission=Permission.LEAD,
        examples=("/group backup cardiology internal-medicine",),
    ),
)


class Groups:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def list(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        async with self.core.db.session() as s:
            groups = await GroupRepo(s, ctx.tenant_id).all()
        if not groups:
            return Reply.of("No groups yet. An admin can start one with /group create NAME.")
        items = tuple(
            Item(
                f"#{g.name}",
                meta=f"{g.members} member{'s' if g.members != 1 else ''}"
                + (f" · home #{g.home_channel}" if g.home_channel else ""),
            )
            for g in groups
        )
        return Reply(text=f"{len(groups)} specialty groups", sections=(Section(items=items),))

    async def create(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        name = args.text("group")
        home = args.opt("channel") or ctx.channel
        async with self.core.db.session() as s:
            group = await GroupRepo(s, ctx.tenant_id).create(
                name, home, ctx.member.id, self.core.clock.now()
            )
        if group is None:
            raise Conflict(f"A group named {name} already exists.")
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "group.create", name)
        where = f" Home channel: #{home}." if home else ""
        return Reply.of(f"Created group {name}.{where} Members join with /group join {name}.")

    async def _group_id(self, repo: GroupRepo, name: str) -> int:
        group = await repo.get(name)
        if group is None:
            raise NotFound(f"No group named {name}. See /group list.")
        return group.id

    async def join(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        name = args.text("group")
        async with self.core.db.session() as s:
            repo = GroupRepo(s, ctx.tenant_id)
            joined = await repo.join(
                await self._group_id(repo, name), ctx.member.id, self.core.clock.now()
            )
        if not joined:
            return Reply.of(f"You are already in {name}.", private=True)
        return Reply.of(
            f"You joined {name}. Turn on routed questions with /group notify {name} on.",
            private=True,
        )

    async def leave(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        name = args.text("group")
        async with self.core.db.session() as s:
            repo = GroupRepo(s, ctx.tenant_id)
            left = await repo.leave(await self._group_id(repo, name), ctx.member.id)
        return Reply.of(f"You left {name}." if left else f"You are not in {name}.", private=True)

    async def members(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        name = args.text("group")
        async with self.core.db.session() as s:
            repo = GroupRepo(s, ctx.tenant_id)
            rows = await repo.members(await self._group_id(repo, name))
        if not rows:
            return Reply.of(f"{name} has no members yet.")
        items = tuple(
            Item(f"@{m.name}", meta="gets routed questions" if notify else "") for m, notify in rows
        )
        opted = sum(1 for _, n in rows if n)
        return Reply(
            text=f"{name}: {len(rows)} member{'s' if len(rows) != 1 else ''}, "
            f"{opted} take routed questions",
            sections=(Section(items=items),),
        )

    async def notify(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        name, on = args.text("group"), args.text("state") == "on"
        async with self.core.db.session() as s:
            repo = GroupRepo(s, ctx.tenant_id)
            group_id = await self._group_id(repo, name)
            await repo.join(group_id, ctx.member.id, self.core.clock.now())
            await repo.set_notify(group_id, ctx.member.id, on)
        if on:
            text = (
                f"You will get questions routed to {name} by DM (quiet hours from your "
                "/profile are respected)."
            )
        else:
            text = f"You will no longer get questions routed to {name}."
        return Reply.of(text, private=True)

    async def backup(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        name, backup = args.text("group"), args.text("backup")
        if name == backup:
            raise UsageError("a group cannot be its own backup")
        async with self.core.db.session() as s:
            repo = GroupRepo(s, ctx.tenant_id)
            await repo.set_backup(
                await self._group_id(repo, name), await self._group_id(repo, backup)
            )
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "group.backup", f"{name}>{backup}"
        )
        return Reply.of(f"Questions for {name} go to {backup} when nobody in {name} is available.")


def setup(core: Core) -> None:
    groups = Groups(core)
    core.services["groups"] = groups
    core.registry.declare(SPECS)
    core.registry.summary("group", "Specialty groups and who gets routed questions.")
    core.registry.bind(
        {
            "group list": groups.list,
            "group create": groups.create,
            "group join": groups.join,
            "group leave": groups.leave,
            "group members": groups.members,
            "group notify": groups.notify,
            "group backup": groups.backup,
        }
    )
