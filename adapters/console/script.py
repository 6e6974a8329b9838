"""Script lines of the console contract, parsed into values (no I/O, no state)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.durations import parse_duration

__all__ = [
    "Advance",
    "Click",
    "Delete",
    "Edit",
    "Join",
    "Mark",
    "Now",
    "Poll",
    "Post",
    "Private",
    "React",
    "Role",
    "ScriptLine",
    "Verify",
    "parse_line",
]

_U = r"[a-z0-9_.-]+"
_C = r"[A-Za-z0-9_.-]+"
_REF = r"b?\d+"
_FILE = re.compile(r"\s*\[file:([^\]\n]+)\]\s*$")

_POST = re.compile(rf"@({_U}) #({_C})(?: >({_REF}))?: ?(.*)")
_DM = re.compile(rf"@({_U}) dm: ?(.*)")
_REACT = re.compile(rf"@({_U}) #({_C}) ([+-])({_REF}) (\S+)")
_CLICK = re.compile(rf"@({_U}) click (b\d+) (\S+)")
_EDIT = re.compile(rf"@({_U}) edit (\d+): ?(.*)")
_DELETE = re.compile(rf"@({_U}) delete (\d+)")
_NOW = re.compile(r"! now (\S+)")
_ADVANCE = re.compile(r"! advance (\S+)")
_ROLE = re.compile(rf"! role ({_U}) (\S+)")
_VERIFY = re.compile(rf"! verify ({_U})")
_CHANNEL_USERS = re.compile(rf"! (private|join) #({_C})((?: {_U})+)")
_MARK = re.compile(r"! mark (.+)")


@dataclass(frozen=True, slots=True)
class Post:
    """A message: in a channel, a thread (``reply_to`` "3" or "b2") or a DM (channel None)."""

    user: str
    channel: str | None
    reply_to: str | None
    text: str
    file: str | None = None


@dataclass(frozen=True, slots=True)
class React:
    user: str
    channel: str
    target: str
    emoji: str
    added: bool


@dataclass(frozen=True, slots=True)
class Click:
    user: str
    target: str
    action: str


@dataclass(frozen=True, slots=True)
class Edit:
    user: str
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Delete:
    user: str
    number: int


@dataclass(frozen=True, slots=True)
class Now:
    when: datetime


@dataclass(frozen=True, slots=True)
class Advance:
    by: timedelta


@dataclass(frozen=True, slots=True)
class Role:
    user: str
    role: str


@dataclass(frozen=True, slots=True)
class Verify:
    user: str


@dataclass(frozen=True, slots=True)
class Private:
    channel: str
    users: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Join:
    channel: str
    users: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Poll:
    pass


@dataclass(frozen=True, slots=True)
class Mark:
    name: str


ScriptLine = (
    Post
    | React
    | Click
    | Edit
    | Delete
    | Now
    | Advance
    | Role
    | Verify
    | Private
    | Join
    | Poll
    | Mark
)


def _split_file(text: str) -> tuple[str, str | None]:
    match = _FILE.search(text)
    if not match:
        return text, None
    return text[: match.start()].rstrip(), match.group(1).strip()


def _parse_time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a time: {text!r} (write e.g. 2026-03-28T08:00:00Z)") from None
    if when.tzinfo is None:
        raise ValueError(f"give the time zone of {text!r} (e.g. a trailing Z)")
    return when


def parse_line(line: str) -> ScriptLine | None:
    """One script line as a value; None for blank and comment lines; ValueError if malformed."""
    s = line.rstrip("\r\n")
    if not s.strip() or s.lstrip().startswith("#"):
        return None
    if s.startswith("@"):
        if m := _REACT.fullmatch(s):
            return React(m[1], m[2], m[4], m[5], m[3] == "+")
        if m := _CLICK.fullmatch(s):
            return Click(m[1], m[2], m[3])
        if m := _EDIT.fullmatch(s):
            return Edit(m[1], int(m[2]), m[3])
        if m := _DELETE.fullmatch(s):
            return Delete(m[1], int(m[2]))
        if m := _DM.fullmatch(s):
            text, file = _split_file(m[2])
            return Post(m[1], None, None, text, file)
        if m := _POST.fullmatch(s):
            text, file = _split_file(m[4])
            return Post(m[1], m[2], m[3], text, file)
        raise ValueError("cannot parse this message line")
    if s.startswith("!"):
        if m := _NOW.fullmatch(s):
            return Now(_parse_time(m[1]))
        if m := _ADVANCE.fullmatch(s):
            return Advance(parse_duration(m[1]))
        if m := _ROLE.fullmatch(s):
            return Role(m[1], m[2])
        if m := _VERIFY.fullmatch(s):
            return Verify(m[1])
        if m := _CHANNEL_USERS.fullmatch(s):
            users = tuple(m[3].split())
            return Private(m[2], users) if m[1] == "private" else Join(m[2], users)
        if s == "! poll":
            return Poll()
        if m := _MARK.fullmatch(s):
            return Mark(m[1].strip())
        raise ValueError("unknown directive")
    raise ValueError("a line starts with @user, ! or #")
