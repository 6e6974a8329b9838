"""Structured logs on stderr. Message text is never logged at INFO or above; every record also
passes the installed redactors (the privacy capability installs the identifier scrubber)."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["add_redactor", "setup_logging"]

_redactors: list[Callable[[str], str]] = []


def add_redactor(redact: Callable[[str], str]) -> None:
    """Every log line is passed through ``redact`` before it is written."""
    if redact not in _redactors:
        _redactors.append(redact)


def _scrub(text: str) -> str:
    for redact in _redactors:
        text = redact(text)
    return text


class _Formatter(logging.Formatter):
    def __init__(self, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        message = _scrub(record.getMessage())
        when = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        if record.exc_info and record.exc_info[1] is not None:
            # The exception's own text may quote user input: keep only its type.
            message += f" [{type(record.exc_info[1]).__name__}]"
        if self.as_json:
            return json.dumps(
                {"ts": when + "Z", "level": record.levelname, "logger": record.name, "msg": message}
            )
        return f"{when}Z {record.levelname:<7} {record.name}: {message}"


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Configure the root logger once for the process."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(fmt == "json"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if level.upper() in logging._nameToLevel else "INFO")
    # Libraries that log request bodies or SQL parameters (slack_bolt, aiohttp access,
    # aiosqlite, SQLAlchemy's engine) stay at WARNING whatever the level asked for.
    for noisy in (
        "slack_bolt", "slack_sdk", "aiohttp.access", "discord", "apscheduler", "alembic",
        "aiosqlite", "asyncpg", "sqlalchemy.engine",
    ):  # fmt: skip
        logging.getLogger(noisy).setLevel(logging.WARNING)
