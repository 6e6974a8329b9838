"""One typed configuration from TOML and the environment (``ROUNDS_<SECTION>_<KEY>``).

``load_config`` is pure: it takes a path and an environment mapping and returns a frozen
:class:`Config` or raises :class:`ConfigError` naming the offending key.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.durations import parse_duration
from bot.errors import ConfigError

__all__ = [
    "Config",
    "ConsoleConfig",
    "DiscordConfig",
    "EventsConfig",
    "FeedsConfig",
    "PrivacyConfig",
    "QAConfig",
    "SlackConfig",
    "load_config",
]


@dataclass(frozen=True)
class SlackConfig:
    # Secrets stay out of repr(): a config in a traceback or a log line shows no token.
    bot_token: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    signing_secret: str = field(default="", repr=False)
    mode: str = "socket"  # socket | http
    host: str = "127.0.0.1"
    port: int = 3000
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    token_encryption_key: str = field(default="", repr=False)
    api_base_url: str = ""
    command_prefix: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.bot_token or (self.client_id and self.client_secret))


@dataclass(frozen=True)
class DiscordConfig:
    token: str = ""
    guild_ids: tuple[str, ...] = ()
    forum_channels: tuple[str, ...] = ()
    api_base_url: str = "https://discord.com/api/v10"
    archive_solved: bool = False

    @property
    def configured(self) -> bool:
        return bool(self.token)


@dataclass(frozen=True)
class ConsoleConfig:
    workspace: str = "console"


@dataclass(frozen=True)
class FeedsConfig:
    allow_private_networks: bool = False
    #: networks reachable with the guard on (an intranet feed server: "10.1.2.0/24")
    allowed_networks: tuple[str, ...] = ()
    poll_interval: timedelta = timedelta(minutes=30)
    timeout: timedelta = timedelta(seconds=20)
    connect_timeout: timedelta = timedelta(seconds=5)
    max_body_bytes: int = 10 * 1024 * 1024
    #: articles kept from one feed body (the newest); the rest are never stored
    max_items_per_feed: int = 500
    concurrency: int = 32
    max_failures: int = 8
    #: new articles posted to one channel per poll; the rest are in its digest
    max_posts_per_poll: int = 5
    user_agent: str = "Rounds/0.1 (+https://github.com/rounds-bot/rounds)"


@dataclass(frozen=True)
class QAConfig:
    remind_after: timedelta = timedelta(hours=4)
    escalate_after: timedelta = timedelta(hours=24)
    nudge_after: timedelta = timedelta(hours=24)
    daily_cap: int = 3
    route_count: int = 5
    #: how long duplicate suggestions wait for the asker's choice before the question is routed
    suggest_wait: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class PrivacyConfig:
    policy: str = "warn"  # warn | hold
    retention_days: int = 0  # 0 keeps message copies until erased
    alert_moderators: bool = True
    delete_originals: bool = False
    disclaimer: str = (
        "Peer discussion among clinicians, not medical advice. Do not post patient identifiers."
    )
    nppes_base_url: str = "https://npiregistry.cms.hhs.gov/api/"
    nppes_timeout: timedelta = timedelta(seconds=8)


@dataclass(frozen=True)
class EventsConfig:
    post_event_days: int = 14
    burst_threshold: int = 10
    burst_window: timedelta = timedelta(minutes=1)


@dataclass(frozen=True)
class Config:
    data_dir: Path = Path("./data")
    database_url: str = ""
    log_level: str = "INFO"
    log_format: str = "text"  # text | json
    slack: SlackConfig = field(default_factory=SlackConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    console: ConsoleConfig = field(default_factory=ConsoleConfig)
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    qa: QAConfig = field(default_factory=QAConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    events: EventsConfig = field(default_factory=EventsConfig)

    @property
    def db_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'rounds.sqlite3').resolve()}"


_SECTION_KEYS: dict[str, set[str]] = {
    f.name: {g.name for g in dataclasses.fields(typing.get_type_hints(Config)[f.name])}
    for f in dataclasses.fields(Config)
    if dataclasses.is_dataclass(typing.get_type_hints(Config)[f.name])
}
_SECTIONS = set(_SECTION_KEYS)


def _coerce(key: str, kind: Any, value: Any) -> Any:
    """Turn a TOML value or an environment string into the field's type."""
    origin = typing.get_origin(kind)
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            raise ValueError("expected true or false")
        if kind is int:
            if isinstance(value, bool):
                raise ValueError("expected a whole number")
            return int(value)
        if kind is str:
            if not isinstance(value, str):
                raise ValueError("expected a string")
            return value
        if kind is Path:
            return Path(str(value))
        if kind is timedelta:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return timedelta(seconds=value)
            return parse_duration(str(value))
        if origin is tuple:
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(i).strip() for i in items if str(i).strip())
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"config key {key}: {exc}") from None
    raise ConfigError(f"config key {key}: unsupported type")  # pragma: no cover


def _build(cls: Any, data: Mapping[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if key not in names:
            raise ConfigError(f"unknown config key: {full}")
        kind = hints[key]
        if dataclasses.is_dataclass(kind):
            if not isinstance(value, Mapping):
                raise ConfigError(f"config key {full}: expected a [{key}] table")
            kwargs[key] = _build(kind, value, f"{key}.")
        else:
            if isinstance(kind, types.UnionType):  # pragma: no cover - no optional keys yet
                kind = typing.get_args(kind)[0]
            kwargs[key] = _coerce(full, kind, value)
    return cls(**kwargs)


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """``ROUNDS_SECTION_KEY`` and ``ROUNDS_KEY`` into nested TOML-like data.

    Unknown names are ignored: the environment is shared with other programs (and tests),
    unlike the config file, where an unknown key is an error.
    """
    top = {f.name for f in dataclasses.fields(Config)} - _SECTIONS
    out: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith("ROUNDS_") or name == "ROUNDS_CONFIG":
            continue
        rest = name[len("ROUNDS_") :].lower()
        section, _, key = rest.partition("_")
        if section in _SECTIONS and key in _SECTION_KEYS[section]:
            out.setdefault(section, {})[key] = value
        elif rest in top:
            out[rest] = value
    return out


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def load_config(path: Path | None, environ: Mapping[str, str]) -> Config:
    """Read the TOML file (if any) and apply the environment on top of it."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path}: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"config file {path}: {exc.strerror}") from None
    config: Config = _build(Config, _merge(data, _env_overrides(environ)), "")
    if config.slack.mode not in ("socket", "http"):
        raise ConfigError("config key slack.mode: expected socket or http")
    if config.privacy.policy not in ("warn", "hold"):
        raise ConfigError("config key privacy.policy: expected warn or hold")
    if config.log_format not in ("text", "json"):
        raise ConfigError("config key log_format: expected text or json")
    return config
