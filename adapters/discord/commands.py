"""App commands generated from the command registry, and the way back: an interaction's
options rebuilt into the command text the core parses (and checks permissions on).

One app command per top-level command. A command with subcommands becomes a group of
subcommands; its bare form (``/digest``) is the subcommand the registry names in
``bare_alias`` (``/digest show``), because Discord cannot run a command that has
subcommands by itself. Every argument and flag becomes a typed option.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.commands.permissions import Permission
from bot.commands.registry import Registry
from bot.commands.spec import Arg, ArgKind, CommandSpec, Flag

__all__ = [
    "Invocation",
    "OptionSource",
    "args_text",
    "command_payloads",
    "invocation",
    "option_sources",
]

# Discord's option types.
SUB_COMMAND = 1
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7

NAME_MAX = 32
DESCRIPTION_MAX = 100
STRING_MAX = 6000
OPTIONS_MAX = 25
CHOICES_MAX = 25

#: Where the commands can be used: in servers only. A direct message carries no guild, and
#: every row of Rounds belongs to one guild.
GUILD_CONTEXT = [0]
#: Commands that only admins may run are shown to members with Manage Server by default;
#: the core still checks its own roles on every call.
MANAGE_GUILD = str(1 << 5)

#: The core's parser caps each value of KEY VALUE pairs at 200 characters.
_PAIR_VALUE_MAX = 200
#: KEY VALUE pairs carry no kinds; a key that names a time zone is completed as one.
_PAIR_KINDS = {"tz": ArgKind.TZ}
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
_OPTION_NAME = re.compile(r"[^a-z0-9_-]+")
_QUOTE_PAIRS = (('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"))


@dataclass(frozen=True, slots=True)
class OptionSource:
    """What one option of a subcommand stands for in the command text."""

    option: str
    what: str  # "arg" | "flag" | "pair"
    name: str  # the argument's or flag's name, or the pair's key
    kind: ArgKind | None  # None for a boolean flag
    repeat: bool = False


@dataclass(frozen=True, slots=True)
class Invocation:
    """An application command interaction resolved against the registry."""

    spec: CommandSpec
    values: dict[str, Any]
    focused: str | None


def _option_name(name: str) -> str:
    cleaned = _OPTION_NAME.sub("-", name.lower()).strip("-")[:NAME_MAX]
    if not cleaned:
        raise ValueError(f"no Discord option name can be made from {name!r}")
    return cleaned


def _describe(text: str) -> str:
    text = " ".join(text.split()) or "—"
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


def option_sources(spec: CommandSpec) -> list[OptionSource]:
    """The options of one subcommand, in the spec's order; names are unique or it raises."""
    sources: list[OptionSource] = []
    for flag in spec.flags:
        sources.append(OptionSource(_option_name(flag.name), "flag", flag.name, flag.kind))
    for arg in spec.args:
        if arg.kind is ArgKind.PAIRS:
            sources.extend(
                OptionSource(_option_name(key), "pair", key, _PAIR_KINDS.get(key, ArgKind.WORD))
                for key in arg.choices
            )
        else:
            sources.append(
                OptionSource(_option_name(arg.name), "arg", arg.name, arg.kind, arg.repeat)
            )
    names = [s.option for s in sources]
    clash = {n for n in names if names.count(n) > 1}
    if clash:
        raise ValueError(f"/{spec.key}: option names clash on Discord: {', '.join(sorted(clash))}")
    if len(sources) > OPTIONS_MAX:
        raise ValueError(f"/{spec.key}: more than {OPTIONS_MAX} options")
    return sources


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
        "name": _option_name(arg.name),
        "description": _describe(help_text),
        "required": arg.required,
        **_typed(arg.kind, arg.choices, _arg_max(arg)),
    }


def _flag_option(flag: Flag) -> dict[str, Any]:
    help_text = flag.help or (f"--{flag.name}" if flag.kind is None else f"--{flag.name} value")
    return {
        "name": _option_name(flag.name),
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
                    "name": _option_name(key),
                    "description": _describe(f"{key} ({arg.name})"),
                    "required": False,
                    "type": STRING,
                    "max_length": _PAIR_VALUE_MAX,
                    **({"autocomplete": True} if key in _PAIR_KINDS else {}),
                }
                for key in arg.choices
            )
        else:
            options.append(_arg_option(arg))
    # Discord wants required options first; the text is rebuilt in the spec's order anyway.
    return sorted(options, key=lambda o: not o["required"])


def _summaries(registry: Registry) -> dict[str, str]:
    """Each command's line of ``/help`` (its declared summary): the registry offers it only
    as text, ``/NAME … — summary`` per line."""
    found: dict[str, str] = {}
    for line in registry.help_text().splitlines()[1:]:
        head, sep, summary = line.partition(" — ")
        if sep:
            found[head.split(" ", 1)[0].lstrip("/")] = summary
    return found


def _bare_name(name: str, bare: CommandSpec) -> str:
    if not bare.bare_alias:
        raise ValueError(f"/{name} has subcommands and a bare form: declare bare_alias for Discord")
    return bare.bare_alias


def _subcommand(name: str, spec: CommandSpec) -> dict[str, Any]:
    sub: dict[str, Any] = {
        "type": SUB_COMMAND,
        "name": _option_name(spec.sub or _bare_name(name, spec)),
        "description": _describe(spec.help),
    }
    options = _spec_options(spec)
    if options:
        sub["options"] = options
    return sub


def command_payloads(registry: Registry) -> list[dict[str, Any]]:
    """The application commands for ``registry``, as Discord's bulk-overwrite JSON."""
    payloads: list[dict[str, Any]] = []
    summaries = _summaries(registry)
    for name in registry.names():
        specs = list(registry.subcommands(name).values())
        payload: dict[str, Any] = {
            "name": _option_name(name),
            "type": 1,
            "description": _describe(summaries.get(name) or specs[0].help),
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


def invocation(registry: Registry, data: Mapping[str, Any]) -> Invocation | None:
    """The spec and option values of an application command (or autocomplete) payload;
    None when it names a command this build does not have (a stale sync)."""
    name = str(data.get("name", ""))
    subs = registry.subcommands(name)
    if not subs:
        return None
    options: list[Mapping[str, Any]] = list(data.get("options") or [])
    spec: CommandSpec | None
    if options and options[0].get("type") == SUB_COMMAND:
        sub = str(options[0]["name"])
        spec = subs.get(sub)
        if spec is None:
            bare = subs.get(None)
            spec = bare if bare is not None and bare.bare_alias == sub else None
        options = list(options[0].get("options") or [])
    else:
        spec = subs.get(None)
    if spec is None:
        return None
    values = {str(o["name"]): o.get("value") for o in options}
    focused = next((str(o["name"]) for o in options if o.get("focused")), None)
    return Invocation(spec, values, focused)


def _quote(value: str) -> str:
    """One token for the core's tokenizer: quoted when it holds spaces or could be misread."""
    if (
        value
        and not any(c.isspace() for c in value)
        and value[0] not in "\"'“‘"
        and not (value.startswith("--"))
    ):
        return value
    for opener, closer in _QUOTE_PAIRS:
        if closer not in value:
            return f"{opener}{value}{closer}"
    # Every kind of quote is inside: the straight double quotes become typographic ones.
    return '"' + value.replace('"', "”") + '"'


def _token(kind: ArgKind | None, value: Any) -> str:
    text = str(value).strip()
    if kind is ArgKind.USER:
        return f"<@{text}>"
    if kind is ArgKind.CHANNEL:
        return f"<#{text}>"
    if kind in (ArgKind.GROUP, ArgKind.TAG):
        return "#" + text.lstrip("#")
    return _quote(text)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value is not False


def args_text(spec: CommandSpec, values: Mapping[str, Any]) -> str:
    """The command text (after the command and subcommand names) for these option values.

    Valued flags come first, then the arguments in the spec's order, then boolean flags at
    the very end, which is where the core's parser finds them even after free text."""
    sources = option_sources(spec)
    head: list[str] = []
    body: list[str] = []
    tail: list[str] = []
    for source in sources:
        value = values.get(source.option)
        if not _present(value):
            continue
        if source.what == "flag":
            if source.kind is None:
                tail.append(f"--{source.name}")
            else:
                head.append(f"--{source.name} {_token(source.kind, value)}")
        elif source.what == "pair":
            body.append(f"{source.name} {_quote(str(value).strip())}")
        elif source.kind is ArgKind.TEXT:
            body.append(str(value).strip())
        elif source.repeat:
            body.extend(_token(source.kind, v) for v in _many(str(value)))
        else:
            body.append(_token(source.kind, value))
    return " ".join([*head, *body, *tail])


def _many(value: str) -> Iterable[str]:
    return [v for v in re.split(r"[\s,]+", value) if v]
