"""``rounds``: run the bot, the console, migrations, feeds, privacy and platform tools.

Errors end with a short message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

import rounds.commands
from bot.errors import ConfigError, RoundsError

__all__ = ["main"]


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a --config given before the subcommand from being reset after it.
    common.add_argument(
        "--config", type=Path, default=argparse.SUPPRESS, metavar="FILE", help="TOML config file"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="rounds",
        description="Rounds: a bot for physician networks on Slack, Discord and a console.",
        parents=[common],
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(rounds.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"rounds.commands.{info.name}")
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        return int(result or 0)
    except KeyboardInterrupt:
        return 130
    except ConfigError as exc:
        print(f"rounds: configuration error: {exc}", file=sys.stderr)
        return 2
    except RoundsError as exc:
        print(f"rounds: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"rounds: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
