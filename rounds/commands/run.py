"""``rounds run``: every configured platform on one event loop, else the console."""

from __future__ import annotations

import argparse
from typing import Any

from rounds.commands.console import run_console
from rounds.settings import config_from_args

__all__ = ["register"]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "run", parents=[common], help="start the bot (the console when no platform is configured)"
    )
    p.set_defaults(func=_run)


async def _run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    return await run_console(config, None, False, "you", "general")
