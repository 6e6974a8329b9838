"""The commands' edges: malformed tags, dates and windows get the usage line and create
nothing; members cannot run organizer commands; a tag in use is refused."""

from __future__ import annotations

import pytest

from tests.conftest import BotConsole
from tests.events.helpers import SETUP

START = "@olga #general: /event start"
SESSION = "@olga #general: /event session add #ACC26"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (f"{START} #26ACC", "not a hashtag"),
        (f"{START} ACC 26", "unexpected argument"),
        (f"{START} #ACC26 --from 2026-13-01", "must be a date and time"),
        (f"{START} #ACC26 --from 2026-03-30 --to 2026-03-28", "--to is before --from"),
        (f"{START} #ACC26 --tz Mars/Olympus", "not a time zone"),
        (f"{SESSION} S12 Talk 2026-03-28T11:00 2026-03-28T10:00", "END must be after START"),
        (f"{SESSION} S12 Talk 2026-03-28T10:00 tomorrow", "must be a date and time"),
        (f"{SESSION} S12 Talk 2026-03-28T10:00+02:00 2026-03-28T11:00", "without offset"),
        (f"{SESSION} S-12 Talk 2026-03-28T10:00 2026-03-28T11:00", "not a session code"),
        (f"{SESSION} S12 Talk 2026-04-02T10:00 2026-04-02T11:00", "outside the event's dates"),
        (f"{SESSION} S12 Talk 2026-03-28T10:00", "missing END"),
        ("@olga #general: /event session remove #ACC26 S12", "must be one of add"),
        ("@olga #general: /event export #ACC26 --format pdf", "must be one of md, csv, json"),
    ],
)
async def test_malformed_input_gets_the_usage_line_and_creates_nothing(
    sqlite_bot: BotConsole, line: str, reason: str
) -> None:
    bot = sqlite_bot
    await bot.play(
        "! now 2026-03-28T13:00:00Z",
        "! role olga organizer",
        "@olga #general: /event start #ACC26 --from 2026-03-28 --to 2026-03-30",
    )
    (answer,) = await bot.play(line)
    assert answer["kind"] == "ephemeral" and answer["to"] == "olga"
    assert reason in answer["text"] and "\nUsage: /event " in answer["text"]
    (listing,) = await bot.play("@olga #general: /event list")
    assert listing["text"].endswith("0 sessions · 0 posts")
    assert "1 event" in listing["text"]


@pytest.mark.parametrize(
    "line",
    [
        "@mia #general: /event start #AHA26",
        '@mia #general: /event session add #ACC26 S1 "X" 2026-03-28T10:00 2026-03-28T11:00',
        "@mia #general: /event export #ACC26 --format md",
        "@mia #general: /event stop #ACC26",
    ],
)
async def test_members_cannot_run_organizer_commands(bot: BotConsole, line: str) -> None:
    await bot.play(*SETUP)
    (answer,) = await bot.play(line)
    assert answer["to"] == "mia" and "only organizers and admins can do that" in answer["text"]
    listing = await bot.play("@mia #general: /event list")
    assert "1 event" in listing[-1]["text"] and "2 sessions" in listing[-1]["text"]


async def test_a_tag_in_use_is_refused_and_a_duplicate_code_too(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(*SETUP)
    (again,) = await sqlite_bot.play("@olga #cardiology: /event start #acc26")
    assert "in use by a running event" in again["text"]
    (dup,) = await sqlite_bot.play(f"{SESSION} s12 Again 2026-03-28T10:00 2026-03-28T11:00")
    assert "already has a session s12" in dup["text"]


async def test_list_shows_sessions_and_start_elsewhere_confirms(sqlite_bot: BotConsole) -> None:
    bot = sqlite_bot
    await bot.play(*SETUP)
    (detail,) = await bot.play("@ann #general: /event list #ACC26")
    assert (
        "#ACC26_S12 · Late-breaking trials — 2026-03-28 10:00 EDT–11:30 EDT · in #cardiology"
        in (detail["text"])
    )
    started = await bot.play("@olga dm: /event start #AHA26 --channel #aha")
    assert started[0]["channel"] == "#aha" and started[0]["text"].startswith("Live: #AHA26")
    assert started[1]["kind"] == "dm" and "live thread is in #aha" in started[1]["text"]
    (no_channel,) = await bot.play("@olga dm: /event start #ESC26")
    assert "--channel" in no_channel["text"]
