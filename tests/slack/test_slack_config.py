"""``rounds run`` asks the runner whether Slack is configured; a Slack config that cannot work
is a one-line ConfigError naming the key (never its value), before anything starts."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from adapters.slack.runner import configured
from bot.config import Config, SlackConfig
from bot.errors import ConfigError

KEY = Fernet.generate_key().decode()


def _config(**slack: str) -> Config:
    return Config(slack=SlackConfig(**slack))  # type: ignore[arg-type]


def test_nothing_configured_is_not_slack() -> None:
    assert not configured(Config())


@pytest.mark.parametrize(
    ("slack", "key"),
    [
        ({"bot_token": "xoxb-1", "mode": "socket"}, "slack.app_token"),
        ({"bot_token": "xoxb-1", "mode": "http"}, "slack.signing_secret"),
        ({"client_id": "1", "client_secret": "2", "app_token": "xapp-1"}, "token_encryption_key"),
        (
            {
                "client_id": "1",
                "client_secret": "2",
                "app_token": "xapp-1",
                "token_encryption_key": "xoxb-not-a-key",
            },
            "token_encryption_key",
        ),
    ],
)
def test_what_a_mode_lacks_is_named(slack: dict[str, str], key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        configured(_config(**slack))
    assert key in str(raised.value)
    assert "xoxb-not-a-key" not in str(raised.value)


def test_working_configs() -> None:
    assert configured(_config(bot_token="xoxb-1", app_token="xapp-1"))
    assert configured(_config(bot_token="xoxb-1", mode="http", signing_secret="s"))
    oauth = {"client_id": "1", "client_secret": "2", "token_encryption_key": f"{KEY},{KEY}"}
    assert configured(_config(mode="http", signing_secret="s", **oauth))
