"""Configuration: TOML plus environment, typed, with one-line errors naming the key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import load_config
from bot.errors import ConfigError


def test_example_config_documents_every_key(repo_root: Path) -> None:
    import dataclasses
    import tomllib

    from bot.config import Config

    data = tomllib.loads((repo_root / "config.example.toml").read_text("utf-8"))
    for f in dataclasses.fields(Config):
        assert f.name in data, f.name
        if dataclasses.is_dataclass(f.default_factory):  # type: ignore[arg-type]
            section = f.default_factory()  # type: ignore[misc]
            for g in dataclasses.fields(section):
                assert g.name in data[f.name], f"{f.name}.{g.name}"
    load_config(repo_root / "config.example.toml", {})


def test_environment_overrides_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('data_dir = "/from/file"\n[qa]\nremind_after = "2h"\n')
    env = {
        "ROUNDS_DATA_DIR": "/from/env",
        "ROUNDS_FEEDS_ALLOW_PRIVATE_NETWORKS": "true",
        "ROUNDS_SLACK_BOT_TOKEN": "secret",
        "ROUNDS_DISCORD_GUILD_IDS": "1, 2",
        "ROUNDS_UNRELATED_THING": "ignored",
    }
    config = load_config(path, env)
    assert config.data_dir == Path("/from/env")
    assert config.qa.remind_after == timedelta(hours=2)
    assert config.feeds.allow_private_networks is True
    assert config.slack.bot_token == "secret"
    assert config.discord.guild_ids == ("1", "2")


@pytest.mark.parametrize(
    ("toml", "env", "message"),
    [
        ("nope = 1\n", {}, "unknown config key: nope"),
        ("[qa]\nremind_after = 'soon'\n", {}, "config key qa.remind_after"),
        ("[slack]\nport = 'x'\n", {}, "config key slack.port"),
        ("", {"ROUNDS_FEEDS_ALLOW_PRIVATE_NETWORKS": "yes"}, "feeds.allow_private_networks"),
        ("[slack]\nmode = 'carrier-pigeon'\n", {}, "slack.mode"),
        ("qa = 3\n", {}, "expected a [qa] table"),
        ("this is not toml", {}, "config file"),
    ],
)
def test_bad_config_names_the_key(
    tmp_path: Path, toml: str, env: dict[str, str], message: str
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_config(path, env)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml", {})
