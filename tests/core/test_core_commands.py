"""Command parsing and the registry: malformed input always gets a usage line or a specific
error, never a traceback; the registry is complete and consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import Core
from bot.commands import Arg, ArgKind, CommandSpec, Flag, Registry, parse_args, split_command
from bot.config import Config
from bot.errors import UsageError
from tests.conftest import BotConsole

MALFORMED = [
    "/group",
    "/group create",
    "/group create Not A Name!",
    "/group create " + "x" * 10_000,
    "/group join",
    "/group bogus",
    "/group notify cardiology",
    "/group notify cardiology maybe",
    "/group notify",
    "/group members",
    "/group backup cardiology",
    "/group create cardiology #bad channel!",
    "/group leave 'unterminated",
    '/group join "unterminated',
    "/group join card\x07iology",
    "/group join card\x00",
    "/group list extra words",
    "/group create cardiology --nope",
    "/profile",
    "/profile set",
    "/profile set npi",
    "/profile set npi 1234567890",
    "/profile set npi 12345",
    "/profile set npi abcdefghij",
    "/profile set tz Mars/Olympus",
    "/profile set quiet 25:00-07:00",
    "/profile set quiet 22:00",
    "/profile set quiet 22:00-22:00",
    "/profile set favourite colour",
    "/profile set name",
    '/profile set name "' + "a" * 10_000 + '"',
    "/profile set title " + "t" * 300,
    "/profile set specialty Not!Valid",
    "/profile show @nobody_here",
    "/profile show @@@",
    "/profile show @a b",
    "/profile frobnicate",
    "/admin grant",
    "/admin grant @bob",
    "/admin grant @bob wizard",
    "/admin revoke @ghost admin",
    "/admin roles @ghost",
    "/help nosuchcommand",
    "/help a b",
    "/nosuchcommand",
    "/x" + "y" * 40,
    "/GROUP BOGUS",
    "/group create \u201cunterminated",
    "/group join " + "\u202e" * 5,
    "/profile set tz",
]


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Core(Config(data_dir=tmp_path)).registry


async def test_fifty_malformed_commands_answer_with_usage_or_error(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play("! role root admin", "@root #general: /group create cardiology")
    assert len(MALFORMED) >= 50
    for line in MALFORMED:
        new = await sqlite_bot.play(f"@bob #general: {line}")
        assert len(new) == 1, (line[:60], new)
        (answer,) = new
        assert answer["kind"] == "ephemeral" and answer["to"] == "bob", line[:60]
        text = answer["text"]
        assert "Something went wrong" not in text and "Traceback" not in text, line[:60]
        assert "Usage:" in text or text.startswith(("No ", "only ", "/admin")), (line[:60], text)
        assert len(text) < 1200, line[:60]
    # The console kept running: a good command still works.
    (ok,) = await sqlite_bot.play("@bob #general: /group list")
    assert "cardiology" in ok["text"]


def test_quotes_mentions_and_rest_of_line() -> None:
    spec = CommandSpec(
        "ask",
        None,
        "ask",
        args=(Arg("group", ArgKind.GROUP, required=False, repeat=True), Arg("text", ArgKind.TEXT)),
        flags=(Flag("anon"),),
    )
    parsed = parse_args(spec, '#Cardiology <#C123|nephrology> --anon what\'s the "best" dose?')
    assert parsed.many("group") == ["cardiology", "nephrology"]
    assert parsed.flag("anon")
    assert parsed.text("text") == 'what\'s the "best" dose?'
    trailing = parse_args(spec, "is AF ablation first-line? --anon")
    assert trailing.flag("anon") and trailing.text("text") == "is AF ablation first-line?"


def test_optional_group_then_choice() -> None:
    spec = CommandSpec(
        "digest",
        None,
        "d",
        args=(
            Arg("group", ArgKind.GROUP, required=False),
            Arg("period", ArgKind.CHOICE, required=False, choices=("day", "week", "month")),
        ),
    )
    assert parse_args(spec, "week").values == {"period": "week"}
    assert parse_args(spec, "cardiology week").values == {"group": "cardiology", "period": "week"}
    assert parse_args(spec, "#cardiology").values == {"group": "cardiology"}
    with pytest.raises(UsageError):
        parse_args(spec, "cardiology fortnight")


def test_user_and_channel_mentions_of_both_platforms() -> None:
    spec = CommandSpec("x", None, "x", args=(Arg("user", ArgKind.USER), Arg("c", ArgKind.CHANNEL)))
    assert parse_args(spec, "<@U024BE7LH> <#C024BE7LR|general>").values == {
        "user": "U024BE7LH",
        "c": "C024BE7LR",
    }
    assert parse_args(spec, "<@!80351110224678912> <#81384788765712384>").values == {
        "user": "80351110224678912",
        "c": "81384788765712384",
    }
    assert parse_args(spec, "@Ana.Okafor #cardiology").values == {
        "user": "ana.okafor",
        "c": "cardiology",
    }


def test_split_command() -> None:
    assert split_command("/group create x") == ("group", "create x")
    assert split_command("  /HELP") == ("help", "")
    assert split_command("not a command") is None
    assert split_command("/path/to/file is not a command") is None


def test_registry_complete_and_usage_from_declaration(registry: Registry) -> None:
    registry.check_complete()
    for spec in registry.specs():
        assert spec.usage().startswith(f"/{spec.name}")
        assert spec.help
    assert "/group notify #GROUP on|off" in registry.usage("group")


def test_duplicate_declaration_and_handler_fail_at_start() -> None:
    reg = Registry()
    spec = CommandSpec("x", None, "x")
    reg.declare([spec])
    with pytest.raises(ValueError, match="declared twice"):
        reg.declare([spec])
    with pytest.raises(ValueError, match="without a handler"):
        reg.check_complete()
    with pytest.raises(ValueError, match="undeclared"):
        reg.bind({"y": lambda ctx, args: None})  # type: ignore[arg-type,return-value]
