"""Wires ``/help`` into the core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import Arg, CommandSpec, ParsedArgs, Permission
from bot.context import Ctx
from bot.domain.reply import Reply

if TYPE_CHECKING:
    from bot.app import Core

SPECS = (
    CommandSpec(
        "help",
        None,
        "List the commands, or show how to use one.",
        args=(Arg("command", required=False, help="a command name, e.g. group"),),
        permission=Permission.ANYONE,
        bare_alias="show",
        examples=("/help", "/help ask"),
    ),
)


def setup(core: Core) -> None:
    async def show(ctx: Ctx, args: ParsedArgs) -> Reply:
        return Reply.of(core.registry.help_text(args.opt("command")), private=True)

    core.registry.declare(SPECS)
    core.registry.bind({"help": show})
