"""``/admin grant|revoke|roles``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import Arg, ArgKind, CommandSpec, ParsedArgs, Permission
from bot.commands.permissions import ROLES, valid_role
from bot.context import Ctx
from bot.domain.reply import Item, Reply, Section
from bot.errors import NotFound, UsageError
from bot.storage.repos import MemberRepo

if TYPE_CHECKING:
    from bot.app import Core

_ROLE_HELP = f"one of {', '.join(ROLES)} or lead:GROUP"

SPECS = (
    CommandSpec(
        "admin",
        "grant",
        "Give a member a role: admin, moderator, organizer, guest or lead:GROUP.",
        args=(Arg("user", ArgKind.USER), Arg("role", help=_ROLE_HELP)),
        permission=Permission.ADMIN,
        examples=("/admin grant @ana lead:cardiology",),
    ),
    CommandSpec(
        "admin",
        "revoke",
        "Take a role back from a member.",
        args=(Arg("user", ArgKind.USER), Arg("role", help=_ROLE_HELP)),
        permission=Permission.ADMIN,
    ),
    CommandSpec(
        "admin",
        "roles",
        "List members who hold roles.",
        args=(Arg("user", ArgKind.USER, required=False),),
        permission=Permission.MODERATOR,
    ),
)


async def grant_role(core: Core, tenant_id: int, user: str, role: str, actor: str) -> bool:
    """Give ``user`` a role (creating the member if needed); audited. Used by the console too."""
    async with core.db.session() as s:
        repo = MemberRepo(s, tenant_id)
        member = await repo.find(user) or await repo.ensure(user, user, core.clock.now())
        added = await repo.grant(member.id, role)
    core.dispatcher.forget_member(tenant_id, member.user_id)
    if added:
        await core.audit(tenant_id, actor, "role.grant", f"{member.pseudonym}:{role}")
    return added


class Admin:
    def __init__(self, core: Core) -> None:
        self.core = core

    def _role(self, args: ParsedArgs) -> str:
        role = args.text("role").lower()
        if not valid_role(role):
            raise UsageError(f"'{role[:40]}' is not a role ({_ROLE_HELP})")
        return role

    async def _member(self, ctx: Ctx, query: str) -> str:
        async with self.core.db.session() as s:
            member = await MemberRepo(s, ctx.tenant_id).find(query)
        if member is None:
            raise NotFound(f"No member @{query} here yet.")
        return member.user_id

    async def grant(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        role = self._role(args)
        user = await self._member(ctx, args.text("user"))
        added = await grant_role(self.core, ctx.tenant_id, user, role, ctx.member.pseudonym)
        return Reply.of(f"@{args.text('user')} {'now has' if added else 'already had'} {role}.")

    async def revoke(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        role = self._role(args)
        user = await self._member(ctx, args.text("user"))
        async with self.core.db.session() as s:
            repo = MemberRepo(s, ctx.tenant_id)
            member = await repo.get(user)
            assert member is not None
            removed = await repo.revoke(member.id, role)
        self.core.dispatcher.forget_member(ctx.tenant_id, user)
        if removed:
            await self.core.audit(
                ctx.tenant_id, ctx.member.pseudonym, "role.revoke", f"{member.pseudonym}:{role}"
            )
        return Reply.of(
            f"@{args.text('user')} {'no longer has' if removed else 'did not have'} {role}."
        )

    async def roles(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        async with self.core.db.session() as s:
            repo = MemberRepo(s, ctx.tenant_id)
            query = args.opt("user")
            if query is not None:
                member = await repo.find(query)
                if member is None:
                    raise NotFound(f"No member @{query} here yet.")
                holders = [member]
            else:
                holders = await repo.with_roles()
        items = tuple(
            Item(f"@{m.name}", meta=", ".join(sorted(m.roles)) or "member") for m in holders
        )
        return Reply(text="Roles", sections=(Section(items=items),)).as_private()


def setup(core: Core) -> None:
    admin = Admin(core)
    core.registry.declare(SPECS)
    core.registry.summary("admin", "Admin tools: roles and the NPI verification queue.")
    core.registry.bind(
        {"admin grant": admin.grant, "admin revoke": admin.revoke, "admin roles": admin.roles}
    )
