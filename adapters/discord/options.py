"""Options of an app command and the way back to the core: an interaction's option values
rebuilt into the command text the core parses (and checks permissions on), as a member would
have typed it on Slack or the console."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.commands.registry import Registry
from bot.commands.spec import ArgKind, CommandSpec

__all__ = [
    "PAIR_KINDS",
    "SUB_COMMAND",
    "Invocation",
    "OptionSource",
    "args_text",
    "invocation",
    "option_name",
    "option_sources",
]

#: Discord's option type of a subcommand.
SUB_COMMAND = 1
NAME_MAX = 32
OPTIONS_MAX = 25

#: KEY VALUE pairs carry no kinds; a key that names a time zone is completed as one.
PAIR_KINDS = {"tz": ArgKind.TZ}
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


def option_name(name: str) -> str:
    cleaned = _OPTION_NAME.sub("-", name.lower()).strip("-")[:NAME_MAX]
    if not cleaned:
        raise ValueError(f"no Discord option name can be made from {name!r}")
    return cleaned


def option_sources(spec: CommandSpec) -> list[OptionSource]:
    """The options of one subcommand, in the spec's order; names are unique or it raises."""
    sources: list[OptionSource] = []
    for flag in spec.flags:
        sources.append(OptionSource(option_name(flag.name), "flag", flag.name, flag.kind))
    for arg in spec.args:
        if arg.kind is ArgKind.PAIRS:
            sources.extend(
                OptionSource(option_name(key), "pair", key, PAIR_KINDS.get(key, ArgKind.WORD))
                for key in arg.choices
            )
        else:
            sources.append(
                OptionSource(option_name(arg.name), "arg", arg.name, arg.kind, arg.repeat)
            )
    names = [s.option for s in sources]
    clash = {n for n in names if names.count(n) > 1}
    if clash:
        raise ValueError(f"/{spec.key}: option names clash on Discord: {', '.join(sorted(clash))}")
    if len(sources) > OPTIONS_MAX:
        raise ValueError(f"/{spec.key}: more than {OPTIONS_MAX} options")
    return sources


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
