"""Declarations: commands, their arguments and flags, as plain data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from bot.commands.permissions import Permission

if TYPE_CHECKING:
    from bot.commands.parse import ParsedArgs
    from bot.domain.reply import Reply

__all__ = ["Arg", "ArgKind", "CommandSpec", "Flag", "Handler"]


class ArgKind(Enum):
    WORD = "word"  # one token
    TEXT = "text"  # the rest of the line, as typed
    GROUP = "group"  # a group name, with or without '#'
    CHANNEL = "channel"  # #name or a platform channel mention
    USER = "user"  # @name or a platform user mention
    INT = "int"
    QUESTION = "question"  # Q12 or 12
    CHOICE = "choice"  # one of ``choices``
    TIME = "time"  # HH:MM
    DATETIME = "datetime"  # 2026-03-28T10:00 (or a date)
    TZ = "tz"  # an IANA time zone
    URL = "url"  # http(s)
    TAG = "tag"  # #ACC26
    PAIRS = "pairs"  # KEY VALUE … with keys from ``choices``


@dataclass(frozen=True, slots=True)
class Arg:
    name: str
    kind: ArgKind = ArgKind.WORD
    required: bool = True
    repeat: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    max_len: int = 80

    def metavar(self) -> str:
        if self.kind is ArgKind.CHOICE:
            core = "|".join(self.choices)
        elif self.kind in (ArgKind.GROUP, ArgKind.CHANNEL, ArgKind.TAG):
            core = f"#{self.name.upper()}"
        elif self.kind is ArgKind.USER:
            core = f"@{self.name.upper()}"
        elif self.kind is ArgKind.PAIRS:
            core = "KEY VALUE…"
        else:
            core = self.name.upper()
        if self.repeat and self.kind is not ArgKind.PAIRS:
            core += "…"
        return core if self.required else f"[{core}]"


@dataclass(frozen=True, slots=True)
class Flag:
    """``--name`` (boolean) or ``--name VALUE`` when ``kind`` is given."""

    name: str
    kind: ArgKind | None = None
    help: str = ""
    choices: tuple[str, ...] = ()

    def metavar(self) -> str:
        if self.kind is None:
            return f"[--{self.name}]"
        value = "|".join(self.choices) if self.choices else self.name.upper().replace("-", "_")
        return f"[--{self.name} {value}]"


Handler = Callable[[Any, "ParsedArgs"], Awaitable["Reply | None"]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command or subcommand. ``sub`` is None for a bare command (``/ask``); on Discord,
    where a command with subcommands cannot run bare, ``bare_alias`` names its subcommand."""

    name: str
    sub: str | None
    help: str
    args: tuple[Arg, ...] = ()
    flags: tuple[Flag, ...] = ()
    permission: Permission = Permission.MEMBER
    bare_alias: str | None = None
    examples: tuple[str, ...] = ()
    #: False only for commands whose arguments must reach the handler unredacted
    #: (``/privacy scan``); their text is never stored or logged.
    scan: bool = True

    @property
    def key(self) -> str:
        return f"{self.name} {self.sub}" if self.sub else self.name

    def usage(self, prefix: str = "/") -> str:
        parts = [f"{prefix}{self.name}"]
        if self.sub:
            parts.append(self.sub)
        parts.extend(f.metavar() for f in self.flags)
        parts.extend(a.metavar() for a in self.args)
        return " ".join(parts)
