"""Every Q&A command with malformed arguments answers with its own usage line."""

from __future__ import annotations

import pytest

from tests.conftest import BotConsole

MALFORMED = [
    ("ask", "/ask"),
    ("ask", "/ask #cardiology"),
    ("ask", "/ask --loud Is this a question?"),
    ("qa search", "/qa search"),
    ("qa search", "/qa search apixaban status:pending"),
    ("qa search", "/qa search apixaban since:yesterday"),
    ("qa search", "/qa search apixaban evidence:anecdotal"),
    ("qa search", "/qa search tag:"),
    ("qa search", "/qa search the and of"),
    ("qa list", "/qa list open #not!a-group"),
    ("qa list", "/qa list open cardiology extra"),
    ("qa show", "/qa show"),
    ("qa show", "/qa show twelve"),
    ("qa accept", "/qa accept"),
    ("qa accept", "/qa accept Q1 first"),
    ("qa close", "/qa close"),
    ("qa close", "/qa close Q1 now"),
    ("qa reopen", "/qa reopen"),
    ("qa reopen", "/qa reopen Qx"),
    ("qa endorse", "/qa endorse Q1"),
    ("qa endorse", "/qa endorse Q1 one"),
    ("qa dissent", "/qa dissent Q1 1"),
    ("qa dissent", "/qa dissent Q1"),
    ("qa flag", "/qa flag Q1"),
    ("qa remove", "/qa remove Q1 x"),
    ("qa reveal", "/qa reveal"),
    ("qa channel", "/qa channel cardiology on"),
    ("qa channel", "/qa channel #cardiology maybe"),
    ("qa stats", "/qa stats #Not!Valid"),
    ("qa export", "/qa export xml"),
    ("qa helper", "/qa helper"),
    ("qa helper", "/qa helper maybe"),
]


@pytest.mark.parametrize(("key", "line"), MALFORMED)
async def test_malformed_arguments_answer_with_the_usage_line(
    sqlite_bot: BotConsole, key: str, line: str
) -> None:
    await sqlite_bot.play("! role alice admin")
    out = await sqlite_bot.play(f"@alice #cardiology: {line}")
    assert sqlite_bot.core is not None
    name, _, sub = key.partition(" ")
    usage = sqlite_bot.core.registry.subcommands(name)[sub or None].usage()
    assert len(out) == 1 and out[0]["kind"] == "ephemeral", out
    assert out[0]["text"].endswith(f"\nUsage: {usage}"), out[0]["text"]


async def test_every_qa_command_is_covered(sqlite_bot: BotConsole) -> None:
    assert sqlite_bot.core is not None
    declared = {"ask"} | {f"qa {s}" for s in sqlite_bot.core.registry.subcommands("qa")}
    assert declared == {key for key, _ in MALFORMED}


async def test_a_bare_qa_lists_its_subcommands(sqlite_bot: BotConsole) -> None:
    out = await sqlite_bot.play("@alice #cardiology: /qa")
    assert "missing subcommand for /qa" in out[0]["text"]
    assert "Usage: /qa " in out[0]["text"] and "search" in out[0]["text"]
