"""App commands generated from the registry, and option values rebuilt into command text that
the core parses back to the same values, for every command of this build."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from adapters.discord.commands import BOOLEAN, command_payloads
from adapters.discord.options import SUB_COMMAND, args_text, invocation, option_sources
from bot.app import Core
from bot.commands.spec import ArgKind, CommandSpec
from bot.config import Config

USER_ID = "900000000000000010"
CHANNEL_ID = "900000000000000100"

#: What a member would pick or type for an option of each kind, and what the core must read.
SAMPLES: dict[ArgKind, tuple[Any, Any]] = {
    ArgKind.WORD: ("alpha", "alpha"),
    ArgKind.TEXT: (
        "is apixaban safe in CKD stage 4 with AF?",
        "is apixaban safe in CKD stage 4 with AF?",
    ),
    ArgKind.GROUP: ("cardiology", "cardiology"),
    ArgKind.CHANNEL: (CHANNEL_ID, CHANNEL_ID),
    ArgKind.USER: (USER_ID, USER_ID),
    ArgKind.INT: (7, 7),
    ArgKind.QUESTION: ("Q12", 12),
    ArgKind.TIME: ("07:30", "07:30"),
    ArgKind.DATETIME: ("2026-03-28T10:00", datetime(2026, 3, 28, 10, 0)),
    ArgKind.TZ: ("America/Chicago", "America/Chicago"),
    ArgKind.URL: ("https://example.org/feed.xml", "https://example.org/feed.xml"),
    ArgKind.TAG: ("ACC26", "ACC26"),
}


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Core:
    data = tmp_path_factory.mktemp("data")
    return Core(Config(data_dir=data, database_url=f"sqlite+aiosqlite:///{data / 'x.db'}"))


def _sample(
    spec: CommandSpec, required_only: bool
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Option values, the argument values and the flag values the core should parse."""
    options: dict[str, Any] = {}
    values: dict[str, Any] = {}
    flags: dict[str, Any] = {}
    for flag in spec.flags:
        if required_only:
            continue
        if flag.kind is None:
            options[flag.name] = True
            flags[flag.name] = True
        elif flag.choices:
            options[flag.name] = flag.choices[-1]
            flags[flag.name] = flag.choices[-1]
        else:
            options[flag.name], flags[flag.name] = SAMPLES[flag.kind]
    for arg in spec.args:
        if required_only and not arg.required:
            continue
        if arg.kind is ArgKind.PAIRS:
            pairs = {key: f"{key} value {n}" for n, key in enumerate(arg.choices)}
            options.update(pairs)
            values[arg.name] = pairs
        elif arg.kind is ArgKind.CHOICE:
            options[arg.name] = values[arg.name] = arg.choices[-1]
        elif arg.repeat:
            options[arg.name] = "cardiology nephrology"
            values[arg.name] = ["cardiology", "nephrology"]
        else:
            options[arg.name], values[arg.name] = SAMPLES[arg.kind]
    return options, values, flags


@pytest.mark.parametrize("required_only", [False, True], ids=["all-options", "required-only"])
def test_options_rebuild_into_text_the_core_parses_back(core: Core, required_only: bool) -> None:
    checked = 0
    for spec in core.registry.specs():
        options, values, flags = _sample(spec, required_only)
        text = args_text(spec, options)
        line = f"{spec.sub} {text}" if spec.sub else text
        resolved = core.registry.resolve(spec.name, line)
        assert resolved.spec is spec, f"/{spec.key}: {line!r} resolved to /{resolved.spec.key}"
        assert resolved.args.values == values, f"/{spec.key}: {line!r}"
        assert resolved.args.flags == flags, f"/{spec.key}: {line!r}"
        checked += 1
    assert checked == len(core.registry.specs()) > 10


def test_quoting_keeps_spaces_and_quotes_in_one_value(core: Core) -> None:
    spec = core.registry.subcommands("profile")["set"]
    tricky = {"name": 'Ana "Doc" O\'Kafor', "title": "Interventional cardiologist"}
    resolved = core.registry.resolve("profile", "set " + args_text(spec, tricky))
    assert resolved.args.pairs("fields") == tricky


def test_payloads_follow_the_registry_and_discord_rules(core: Core) -> None:
    payloads = {p["name"]: p for p in command_payloads(core.registry)}
    assert sorted(payloads) == core.registry.names()
    for name, payload in payloads.items():
        assert 1 <= len(payload["description"]) <= 100
        assert payload["contexts"] == [0]
        subs = core.registry.subcommands(name)
        options = payload.get("options", [])
        if len(subs) == 1 and None in subs and not subs[None].bare_alias:
            assert all(o["type"] != SUB_COMMAND for o in options)
            continue
        by_name = {o["name"]: o for o in options}
        assert all(o["type"] == SUB_COMMAND for o in options)
        for sub, spec in subs.items():
            sub_name = sub or spec.bare_alias
            assert sub_name in by_name, f"/{name} {sub_name} missing"
            sub_options = by_name[sub_name].get("options", [])
            required = [o["required"] for o in sub_options]
            assert required == sorted(required, reverse=True), "required options come first"
            assert {o["name"] for o in sub_options} == {s.option for s in option_sources(spec)}
            assert len(sub_options) <= 25


def test_bare_commands_take_their_declared_default_subcommand(core: Core) -> None:
    payloads = {p["name"]: p for p in command_payloads(core.registry)}
    help_subs = [o["name"] for o in payloads["help"]["options"]]
    assert help_subs == ["show"]
    found = invocation(
        core.registry,
        {
            "name": "help",
            "options": [
                {"name": "show", "type": 1, "options": [{"name": "command", "value": "group"}]}
            ],
        },
    )
    assert found is not None and found.spec.sub is None and found.values == {"command": "group"}


def test_typed_options(core: Core) -> None:
    payloads = {p["name"]: p for p in command_payloads(core.registry)}
    group = {o["name"]: o for o in payloads["group"]["options"]}
    create = {o["name"]: o for o in group["create"]["options"]}
    assert create["group"]["autocomplete"] is True and create["group"]["type"] == 3
    assert create["channel"]["type"] == 7 and create["channel"]["required"] is False
    notify = {o["name"]: o for o in group["notify"]["options"]}
    assert [c["value"] for c in notify["state"]["choices"]] == ["on", "off"]
    profile = {o["name"]: o for o in payloads["profile"]["options"]}
    show = {o["name"]: o for o in profile["show"]["options"]}
    assert show["user"]["type"] == 6
    setting = {o["name"] for o in profile["set"]["options"]}
    assert {"name", "specialty", "title", "npi", "tz", "quiet"} <= setting
    booleans = [
        o
        for p in payloads.values()
        for s in p.get("options", [])
        for o in s.get("options", [])
        if o.get("type") == BOOLEAN
    ]
    assert all(o["required"] is False for o in booleans)


def test_stale_command_is_not_resolved(core: Core) -> None:
    assert invocation(core.registry, {"name": "no-such-command"}) is None
    assert (
        invocation(core.registry, {"name": "group", "options": [{"name": "explode", "type": 1}]})
        is None
    )
