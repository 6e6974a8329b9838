"""No log line holds a detected identifier: the privacy capability installs its redactor on
the log formatter, and the redactor fails closed."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from gate_helpers import CANARY, REDACTED, VALUES

import bot.services.privacy.findings as findings
from bot.logs import setup_logging
from bot.services.privacy.findings import redact_line
from tests.conftest import BotConsole


@pytest.fixture
def real_logging() -> Iterator[None]:
    """The process's log setup for one test, restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_the_redactor_replaces_identifiers_by_their_kind() -> None:
    assert redact_line(f"lookup failed for {CANARY}") == f"lookup failed for {REDACTED}"
    assert redact_line("job 12 (qa.remind) ran in 3 ms") == "job 12 (qa.remind) ran in 3 ms"


def test_the_redactor_withholds_a_line_it_cannot_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> list[findings.Finding]:
        raise RuntimeError(text)

    monkeypatch.setattr(findings, "scan", broken)
    assert redact_line(CANARY) == "[log line withheld: the identifier scan failed on it]"


async def test_log_lines_written_by_rounds_are_redacted(
    sqlite_bot: BotConsole, real_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # The bot is running: its capability setup installed the redactor.
    setup_logging("DEBUG", "json")
    logging.getLogger("bot.test").warning("a careless line: %s", CANARY)
    err = capsys.readouterr().err
    assert REDACTED in err
    assert not any(v in err for v in VALUES)
