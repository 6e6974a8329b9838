"""Parsing typed command text: quotes, ``@user``, ``#channel``, ``--flags`` and typed values.

Errors raise :class:`UsageError` with a specific message; the registry adds the usage line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands.spec import Arg, ArgKind, CommandSpec, Flag
from bot.errors import UsageError

__all__ = ["ParsedArgs", "Token", "Tokens", "convert", "parse_args", "split_command"]

_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}
_DEFAULT_MAX = {ArgKind.TEXT: 4000, ArgKind.URL: 2000, ArgKind.PAIRS: 200}
_ALLOWED_CONTROL = {"\n", "\t", "\r"}

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_CHANNEL = re.compile(r"[\w.-]{1,80}")
_USER = re.compile(r"[\w.-]{1,80}")
_TAG = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,39}")
_MENTION_CHANNEL = re.compile(r"<#([A-Za-z0-9]+)(?:\|([^>]*))?>")
_MENTION_USER = re.compile(r"<@!?([A-Za-z0-9]+)(?:\|([^>]*))?>")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_QUESTION = re.compile(r"[Qq]?#?(\d{1,9})")
_COMMAND = re.compile(r"/([A-Za-z][\w-]{0,79})(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Token:
    value: str
    start: int
    end: int
    quoted: bool


class Tokens:
    """A cursor over command text that reads one token at a time, so that a trailing free-text
    argument is kept exactly as typed (apostrophes in ``what's`` are not quotes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def _skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> Token | None:
        saved = self.pos
        try:
            return self.next()
        finally:
            self.pos = saved

    def next(self) -> Token | None:
        self._skip_space()
        if self.pos >= len(self.text):
            return None
        start = self.pos
        opener = self.text[start]
        if opener in _QUOTES:
            close = self.text.find(_QUOTES[opener], start + 1)
            if close < 0:
                raise UsageError(f"unterminated quote {opener} in the arguments")
            self.pos = close + 1
            return Token(self.text[start + 1 : close], start, self.pos, True)
        while self.pos < len(self.text) and not self.text[self.pos].isspace():
            self.pos += 1
        return Token(self.text[start : self.pos], start, self.pos, False)

    def rest(self) -> str:
        self._skip_space()
        out = self.text[self.pos :].strip()
        self.pos = len(self.text)
        return out


@dataclass
class ParsedArgs:
    """Converted argument values by name, and flags by name (True or a value)."""

    spec: CommandSpec
    values: dict[str, Any] = field(default_factory=dict)
    flags: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def text(self, name: str) -> str:
        value = self.values[name]
        assert isinstance(value, str)
        return value

    def opt(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) else None

    def number(self, name: str) -> int:
        value = self.values[name]
        assert isinstance(value, int)
        return value

    def opt_number(self, name: str) -> int | None:
        value = self.values.get(name)
        return value if isinstance(value, int) else None

    def many(self, name: str) -> list[Any]:
        value = self.values.get(name, [])
        return list(value) if isinstance(value, list) else [value]

    def pairs(self, name: str) -> dict[str, str]:
        value = self.values.get(name, {})
        assert isinstance(value, dict)
        return value

    def flag(self, name: str) -> bool:
        return bool(self.flags.get(name))

    def option(self, name: str) -> Any:
        return self.flags.get(name)


def check_text(text: str) -> None:
    """Refuse control characters: they are never part of a command a person typed."""
    for ch in text:
        if ch not in _ALLOWED_CONTROL and unicodedata.category(ch) == "Cc":
            raise UsageError("the command contains control characters")


def split_command(text: str) -> tuple[str, str] | None:
    """``/group create x`` → ``("group", "create x")``; None when the text is no command."""
    stripped = text.lstrip()
    match = _COMMAND.match(stripped)
    if not match:
        return None
    return match.group(1).lower(), stripped[match.end() :].strip()


def _max_len(arg: Arg) -> int:
    return _DEFAULT_MAX.get(arg.kind, arg.max_len)


def _strip_hash_mention(value: str) -> str:
    match = _MENTION_CHANNEL.fullmatch(value)
    if match:
        return match.group(2) or match.group(1)
    return value[1:] if value.startswith("#") else value


def convert(kind: ArgKind, value: str, label: str, choices: tuple[str, ...] = ()) -> Any:
    """Convert one token to its declared kind or raise a specific UsageError."""
    if kind is ArgKind.WORD or kind is ArgKind.TEXT:
        return value
    if kind is ArgKind.GROUP:
        name = _strip_hash_mention(value).lower()
        if not _NAME.fullmatch(name):
            raise UsageError(
                f"'{value[:40]}' is not a group name (lower-case letters, digits, - and _)"
            )
        return name
    if kind is ArgKind.CHANNEL:
        match = _MENTION_CHANNEL.fullmatch(value)
        if match:
            return match.group(1)
        if not value.startswith("#") or not _CHANNEL.fullmatch(value[1:]):
            raise UsageError(f"'{value[:40]}' is not a channel (write #name)")
        return value[1:].lower()
    if kind is ArgKind.USER:
        match = _MENTION_USER.fullmatch(value)
        if match:
            return match.group(1)
        name = value[1:] if value.startswith("@") else value
        if not _USER.fullmatch(name):
            raise UsageError(f"'{value[:40]}' is not a user (write @name)")
        return name.lower()
    if kind is ArgKind.TAG:
        tag = _strip_hash_mention(value)
        if not _TAG.fullmatch(tag):
            raise UsageError(f"'{value[:40]}' is not a hashtag (write e.g. #ACC26)")
        return tag
    if kind is ArgKind.INT:
        if not re.fullmatch(r"-?\d{1,9}", value):
            raise UsageError(f"{label} must be a whole number, not '{value[:40]}'")
        return int(value)
    if kind is ArgKind.QUESTION:
        match = _QUESTION.fullmatch(value)
        if not match:
            raise UsageError(f"'{value[:40]}' is not a question number (write e.g. Q12)")
        return int(match.group(1))
    if kind is ArgKind.CHOICE:
        low = value.lower()
        if low not in choices:
            raise UsageError(f"{label} must be one of {', '.join(choices)}, not '{value[:40]}'")
        return low
    if kind is ArgKind.TIME:
        match = _TIME.fullmatch(value)
        if not match:
            raise UsageError(f"{label} must be a time like 07:00, not '{value[:40]}'")
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    if kind is ArgKind.DATETIME:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise UsageError(
                f"{label} must be a date and time like 2026-03-28T10:00, not '{value[:40]}'"
            ) from None
        if parsed.tzinfo is not None:
            raise UsageError(f"{label}: give a local time without offset; set --tz instead")
        return parsed
    if kind is ArgKind.TZ:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(
                f"'{value[:40]}' is not a time zone (write e.g. America/New_York)"
            ) from None
        return value
    if kind is ArgKind.URL:
        if not re.fullmatch(r"https?://\S+", value, re.IGNORECASE):
            raise UsageError(f"'{value[:60]}' is not an http(s) URL")
        return value
    raise UsageError(f"{label}: unsupported argument")  # pragma: no cover


def _parse_flag(tokens: Tokens, token: Token, spec: CommandSpec, out: ParsedArgs) -> None:
    name, _, inline = token.value[2:].partition("=")
    flag: Flag | None = next((f for f in spec.flags if f.name == name.lower()), None)
    if flag is None:
        raise UsageError(f"unknown option --{name[:30]}")
    if flag.kind is None:
        if inline:
            raise UsageError(f"--{flag.name} takes no value")
        out.flags[flag.name] = True
        return
    if inline:
        raw = inline
    else:
        nxt = tokens.next()
        if nxt is None or (nxt.value.startswith("--") and not nxt.quoted):
            raise UsageError(f"--{flag.name} needs a value")
        raw = nxt.value
    if len(raw) > 200:
        raise UsageError(f"--{flag.name} is too long")
    out.flags[flag.name] = convert(flag.kind, raw, f"--{flag.name}", flag.choices)


def _accepts(arg: Arg, token: Token) -> bool:
    try:
        convert(arg.kind, token.value, arg.name, arg.choices)
    except UsageError:
        return False
    return True


def _hash_form(value: str) -> bool:
    return value.startswith(("#", "<#"))


def _is_flag(token: Token) -> bool:
    return token.value.startswith("--") and not token.quoted and len(token.value) > 2


def _take_text(tokens: Tokens, spec: CommandSpec, out: ParsedArgs) -> str:
    """The rest of the line; boolean flags written at its very end still count as flags."""
    text = tokens.rest()
    while True:
        head, _, last = text.rpartition(" ")
        flag = next((f for f in spec.flags if f.kind is None and last == f"--{f.name}"), None)
        if flag is None:
            return text
        out.flags[flag.name] = True
        text = head.rstrip()


def _parse_pairs(tokens: Tokens, arg: Arg) -> dict[str, str]:
    pairs: dict[str, str] = {}
    while True:
        key_token = tokens.next()
        if key_token is None:
            break
        key = key_token.value.lower()
        if key not in arg.choices:
            raise UsageError(f"unknown field '{key[:30]}' (fields: {', '.join(arg.choices)})")
        value = tokens.next()
        if value is None:
            raise UsageError(f"{key} needs a value")
        if len(value.value) > _max_len(arg):
            raise UsageError(f"the value of {key} is too long (at most {_max_len(arg)})")
        pairs[key] = value.value
    if not pairs and arg.required:
        raise UsageError("give at least one field and its value")
    return pairs


def parse_args(spec: CommandSpec, text: str) -> ParsedArgs:
    """Parse ``text`` (what follows the command and subcommand) against ``spec``."""
    check_text(text)
    out = ParsedArgs(spec)
    tokens = Tokens(text)
    positional = list(spec.args)
    index = 0
    while index < len(positional):
        arg = positional[index]
        if arg.kind is ArgKind.TEXT:
            value = _take_text(tokens, spec, out)
            if not value and arg.required:
                raise UsageError(f"missing {arg.metavar()}")
            if len(value) > _max_len(arg):
                raise UsageError(f"{arg.name} is too long (at most {_max_len(arg)} characters)")
            if value:
                out.values[arg.name] = value
            index += 1
            continue
        if arg.kind is ArgKind.PAIRS:
            out.values[arg.name] = _parse_pairs(tokens, arg)
            index += 1
            continue
        token = tokens.peek()
        if token is not None and _is_flag(token):
            tokens.next()
            _parse_flag(tokens, token, spec, out)
            continue
        if token is None:
            if arg.required and not (arg.repeat and arg.name in out.values):
                raise UsageError(f"missing {arg.metavar()}")
            index += 1
            continue
        if len(token.value) > _max_len(arg):
            raise UsageError(f"{arg.name} is too long (at most {_max_len(arg)} characters)")
        later = positional[index + 1 :]
        optional_miss = not arg.required or (arg.repeat and arg.name in out.values)
        if optional_miss and (
            not _accepts(arg, token)
            or any(a.kind is ArgKind.CHOICE and _accepts(a, token) for a in later[:1])
            or (
                arg.repeat and arg.kind is ArgKind.GROUP and not token.value.startswith(("#", "<#"))
            )
        ):
            index += 1
            continue
        tokens.next()
        value = convert(arg.kind, token.value, arg.name, arg.choices)
        if arg.repeat:
            out.values.setdefault(arg.name, []).append(value)
        else:
            out.values[arg.name] = value
            index += 1
    while (token := tokens.next()) is not None:
        if _is_flag(token):
            _parse_flag(tokens, token, spec, out)
        else:
            raise UsageError(f"unexpected argument '{token.value[:40]}'")
    return out
