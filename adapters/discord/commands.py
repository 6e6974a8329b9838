"""App commands generated from the command registry (the way back, from options to command
text, is in :mod:`options`).

One app command per top-level command. A command with subcommands becomes a group of
subcommands; its bare form (``/digest``) is the subcommand the registry names in
``bare_alias`` (``/digest show``), because Discord cannot run a command that has
subcommands by itself. Every argument and flag becomes a typed option.
"""

from __future__ import annotations

from typing import Any

from adapters.discord.options import PAIR_KINDS, SUB_COMMAND, option_name, option_sources
from bot.commands.permissions import Permission
from bot.commands.registry import Registry
from bot.commands.spec import Arg, ArgKind, CommandSpec, Flag

__all__ = ["BOOLEAN", "command_payloads"]

# Discord's option types.
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7

DESCRIPTION_MAX = 100
STRING_MAX = 6000
CHOICES_MAX = 25

#: Where the commands can be used: in servers only. A direct message carries no guild, and
#: every row of Rounds belongs to one guild.
GUILD_CONTEXT = [0]
#: Commands that only admins may run are shown to members with Manage Server by default;
#: the core still checks its own roles on every call.
MANAGE_GUILD = str(1 << 5)

#: The core's parser caps each value of KEY VALUE pairs at 200 characters.
_PAIR_VALUE_MAX = 200
_AUTOCOMPLETED = {ArgKind.GROUP, ArgKind.QUESTION, ArgKind.TZ, ArgKind.TAG}
_DEFAULT_HELP = {
    ArgKind.GROUP: "a specialty group, e.g. cardiology",
    ArgKind.CHANNEL: "a channel",
    ArgKind.USER: "a member",
    ArgKind.INT: "a whole number",
    ArgKind.QUESTION: "a question, e.g. Q12",
    ArgKind.TIME: "a time like 07:00",
    ArgKind.DATETIME: "a date and time like 2026-03-28T10:00",
    ArgKind.TZ: "a time zone, e.g. America/Chicago",
    ArgKind.URL: "an http(s) address",
    ArgKind.TAG: "a hashtag, e.g. #ACC26",
    ArgKind.TEXT: "text",
}


def _describe(text: str) -> str:
    text = " ".join(text.split()) or "—"
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


def _typed(kind: ArgKind | None, choices: tuple[str, ...], max_len: int) -> dict[str, Any]:
    if kind is None:
        return {"type": BOOLEAN}
    if kind is ArgKind.USER:
        return {"type": USER}
    if kind is ArgKind.CHANNEL:
        return {"type": CHANNEL}
    if kind is ArgKind.INT:
        return {"type": INTEGER}
    out: dict[str, Any] = {"type": STRING, "max_length": min(max_len, STRING_MAX)}
    if kind is ArgKind.CHOICE and 0 < len(choices) <= CHOICES_MAX:
        out["choices"] = [{"name": c, "value": c} for c in choices]
    elif kind in _AUTOCOMPLETED or kind is ArgKind.CHOICE:
        out["autocomplete"] = True
    return out


def _arg_max(arg: Arg) -> int:
    defaults = {ArgKind.TEXT: 4000, ArgKind.URL: 2000}
    width = defaults.get(arg.kind, arg.max_len)
    # A repeated argument travels as one option holding several values.
    return width * 8 if arg.repeat else width


def _arg_option(arg: Arg) -> dict[str, Any]:
    help_text = arg.help or _DEFAULT_HELP.get(arg.kind, arg.name)
    if arg.repeat:
        help_text += " (several: separate with spaces)"
    return {
        "name": option_name(arg.name),
        "description": _describe(help_text),
        "required": arg.required,
        **_typed(arg.kind, arg.choices, _arg_max(arg)),
    }


def _flag_option(flag: Flag) -> dict[str, Any]:
    help_text = flag.help or (f"--{flag.name}" if flag.kind is None else f"--{flag.name} value")
    return {
        "name": option_name(flag.name),
        "description": _describe(help_text),
        "required": False,
        **_typed(flag.kind, flag.choices, 200),
    }


def _spec_options(spec: CommandSpec) -> list[dict[str, Any]]:
    option_sources(spec)  # raises on clashes before Discord would
    options = [_flag_option(f) for f in spec.flags]
    for arg in spec.args:
        if arg.kind is ArgKind.PAIRS:
            options.extend(
                {
                    "name": option_name(key),
                    "description": _describe(f"{key} ({arg.name})"),
                    "required": False,
                    "type": STRING,
                    "max_length": _PAIR_VALUE_MAX,
                    **({"autocomplete": True} if key in PAIR_KINDS else {}),
                }
                for key in arg.choices
            )
        else:
            options.append(_arg_option(arg))
    # Discord wants required options first; the text is rebuilt in the spec's order anyway.
    return sorted(options, key=lambda o: not o["required"])


def _bare_name(name: str, bare: CommandSpec) -> str:
    if not bare.bare_alias:
        raise ValueError(f"/{name} has subcommands and a bare form: declare bare_alias for Discord")
    return bare.bare_alias


def _subcommand(name: str, spec: CommandSpec) -> dict[str, Any]:
    sub: dict[str, Any] = {
        "type": SUB_COMMAND,
        "name": option_name(spec.sub or _bare_name(name, spec)),
        "description": _describe(spec.help),
    }
    options = _spec_options(spec)
    if options:
        sub["options"] = options
    return sub


def command_payloads(registry: Registry) -> list[dict[str, Any]]:
    """The application commands for ``registry``, as Discord's bulk-overwrite JSON."""
    payloads: list[dict[str, Any]] = []
    for name in registry.names():
        specs = list(registry.subcommands(name).values())
        payload: dict[str, Any] = {
            "name": option_name(name),
            "type": 1,
            "description": _describe(registry.summary_of(name)),
            "contexts": GUILD_CONTEXT,
            "integration_types": [0],
        }
        if all(s.permission is Permission.ADMIN for s in specs):
            payload["default_member_permissions"] = MANAGE_GUILD
        only = specs[0] if len(specs) == 1 else None
        if only is not None and only.sub is None and not only.bare_alias:
            payload["description"] = _describe(only.help)
            options = _spec_options(only)
            if options:
                payload["options"] = options
        else:
            payload["options"] = [_subcommand(name, s) for s in specs]
        payloads.append(payload)
    return payloads
