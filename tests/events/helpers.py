"""Helpers for the events tests: the live thread as it stands after every edit and delete,
and the transcript as an organizer exports it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import BotConsole

START = "2026-03-28T13:00:00Z"  # 09:00 in New York (EDT)

#: an event in New York with two sessions: S12 in #cardiology 10:00–11:30, S13 anywhere 12–13
SETUP = (
    f"! now {START}",
    "! role olga organizer",
    "@olga #general: /event start #ACC26 --from 2026-03-28 --to 2026-03-30 --tz America/New_York",
    '@olga #general: /event session add #ACC26 S12 "Late-breaking trials" 2026-03-28T10:00 '
    "2026-03-28T11:30 --channel #cardiology",
    '@olga #general: /event session add #ACC26 S13 "Imaging" 2026-03-28T12:00 2026-03-28T13:00',
)


def live_thread(bot: BotConsole, root: str = "b1") -> dict[str, str]:
    """The bot messages in the thread of ``root`` now: id → text, edits applied, deletes gone."""
    thread: dict[str, str] = {}
    for action in bot.actions:
        if action["thread"] != root:
            continue
        kind = action["kind"]
        if kind == "message" or (kind == "edit" and action["id"] in thread):
            thread[action["id"]] = action["text"]
        elif action["kind"] == "delete":
            thread.pop(action["id"], None)
    return thread


def files_of(actions: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [f for a in actions for f in a["data"].get("files", [])]


async def export(bot: BotConsole, fmt: str = "json", tag: str = "ACC26") -> Any:
    """Export as the organizer and read the file back (parsed, for JSON)."""
    actions = await bot.play(f"@olga #general: /event export #{tag} --format {fmt}")
    (found,) = files_of(actions)
    text = read_file(found["path"])
    return json.loads(text) if fmt == "json" else text


def read_file(path: str) -> str:
    """A file the bot wrote (tests read it at once; nothing else waits on the loop)."""
    return Path(path).read_text("utf-8")


def read_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def texts(posts: list[dict[str, Any]]) -> list[str]:
    return [p["text"] for p in posts]


def bodies(bot: BotConsole, root: str = "b1") -> list[str]:
    """The posts' own words in the live thread, without the head line and the link."""
    return [text.split("\n", 1)[0].split(": ", 1)[1] for text in live_thread(bot, root).values()]
