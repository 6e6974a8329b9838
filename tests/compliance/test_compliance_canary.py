"""The canary: "pt Ruiz MRN 4417-2290 DOB 03/04/1961" sent through every path leaves no trace
of its values in any database row or in any log record, even at DEBUG."""

from __future__ import annotations

import logging

import pytest
from compliance_db import cells, dump_all

from bot.commands import Arg, ArgKind, CommandSpec, ParsedArgs
from bot.context import Ctx, StoredMessage
from bot.domain.reply import Reply
from tests.conftest import BotConsole

CANARY = "pt Ruiz MRN 4417-2290 DOB 03/04/1961"
VALUES = ("Ruiz", "4417-2290", "03/04/1961")


def _install_crashes(bot: BotConsole) -> None:
    """A command handler and a message hook that crash with the raw text in the exception."""
    core = bot.core
    assert core is not None

    async def boom(ctx: Ctx, args: ParsedArgs) -> Reply:
        raise RuntimeError(f"handler failed on {args.text('text')} / {ctx.event}")

    async def crash(ctx: Ctx, stored: StoredMessage) -> None:
        if ctx.channel == "crash":
            raise ValueError(f"hook failed on {ctx.event}")

    core.registry.declare((CommandSpec("boom", None, "Crash.", args=(Arg("text", ArgKind.TEXT),)),))
    core.registry.bind({"boom": boom})
    core.hooks.on_message.append(crash)


@pytest.mark.parametrize("policy", ["warn", "hold"])
async def test_the_canary_leaves_no_trace(
    bot: BotConsole, caplog: pytest.LogCaptureFixture, policy: str
) -> None:
    caplog.set_level(logging.DEBUG)
    bot.overrides = {"privacy": {"policy": policy}}
    await bot.restart()
    _install_crashes(bot)
    assert bot.core is not None
    out = await bot.play(
        "! role alice admin",
        "! role mo moderator",
        f"@bob #cases: {CANARY}",  # 1: a channel message
        f"@carol #cases >1: {CANARY}",  # 2: a thread reply
        "@bob #cases: what is the usual statin dose after MI?",  # 3
        f"@bob edit 3: {CANARY}",  # an edit
        f"@bob dm: {CANARY}",  # 4: a direct message
        f"@bob #cases: {CANARY} [file:{CANARY}.pdf]",  # 5: a file name
        f"@bob #cases: /group create {CANARY}",  # refused by the parser: nothing kept
        f"@alice #cases: /privacy disclaimer {CANARY}",  # an admin command argument
        f'@bob #cases: /profile set title "{CANARY}"',  # a member command argument
        f"@bob #cases: /boom {CANARY}",  # a crash in a command handler
        f"@bob #crash: {CANARY}",  # 8: a crash in a message hook
        f"@bob #cases: /privacy scan {CANARY}",  # never stored or logged
        "@bob #cases: /profile show",
    )
    crashes = [a for a in out if a["text"].startswith("Something went wrong")]
    # Under hold, /boom is refused before its handler runs; the hook crashes either way.
    assert len(crashes) == (2 if policy == "warn" else 1)
    dump = await dump_all(bot.core)
    assert dump["messages"], "the paths above stored redacted copies"
    found = [(t, c, v) for t, c, v in cells(dump) if any(x in v for x in VALUES)]
    assert found == []
    for record in caplog.records:
        line = record.getMessage()
        assert not any(x in line for x in VALUES), (record.name, line)
    assert not any(x in caplog.text for x in VALUES)
    # What the bot said in public, and to anyone but the author, quotes nothing either.
    said = [a for a in out if a["to"] != "bob" or a["kind"] == "message"]
    assert not [a for a in said if any(x in a["text"] for x in VALUES)]
