"""The command registry: every command declared once as data, and the parsing of typed text."""

from bot.commands.parse import ParsedArgs, parse_args, split_command
from bot.commands.permissions import Permission, allowed
from bot.commands.registry import Registry
from bot.commands.spec import Arg, ArgKind, CommandSpec, Flag

__all__ = [
    "Arg",
    "ArgKind",
    "CommandSpec",
    "Flag",
    "ParsedArgs",
    "Permission",
    "Registry",
    "allowed",
    "parse_args",
    "split_command",
]
