"""``rounds console``: the console platform, scripted or interactive."""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from typing import TYPE_CHECKING, Any, TextIO

from rounds.settings import config_from_args

if TYPE_CHECKING:
    from bot.config import Config

__all__ = ["register", "run_console"]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``rounds console`` to the CLI."""
    p = subparsers.add_parser(
        "console", parents=[common], help="chat with Rounds in the terminal, or play a script"
    )
    p.add_argument("--script", metavar="FILE|-", help="play a script (- reads standard input)")
    p.add_argument("--json", action="store_true", help="one JSON object per bot action")
    p.add_argument("--user", default="you", help="who types in interactive mode (default you)")
    p.add_argument("--channel", default="general", help="where (default general)")
    p.set_defaults(func=_console)


def _console(a: argparse.Namespace) -> Any:
    return run_console(config_from_args(a), a.script, a.json, a.user, a.channel)


async def run_console(
    config: Config, script: str | None, as_json: bool, user: str, channel: str
) -> int:
    """Start the core on a manual clock with the console attached, and play."""
    # Imported here: building the CLI's parser must not load the core (see rounds/cli.py).
    from adapters.console import Console
    from adapters.console.runner import stdin_lines
    from bot.app import Core
    from bot.clock import ManualClock

    source: TextIO | None = None
    if script not in (None, "-"):
        # Open before migrating, so that a missing file fails at once.
        source = await asyncio.to_thread(
            open, script or "", encoding="utf-8", errors="replace", newline=""
        )
    core = Core(config, clock=ManualClock())
    console = Console(core, as_json=as_json)
    interactive = script is None
    await core.start(ticking=interactive)
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    try:
        if interactive:
            return await console.run_interactive(
                stdin_lines(stdin), user.lower(), channel.lstrip("#"), sys.stdin.isatty()
            )
        return await console.run_script(stdin_lines(source or stdin))
    finally:
        await core.stop()
        if source is not None:
            source.close()
