"""``rounds slack manifest``: the Slack app manifest (JSON), generated from the registry."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import Any

from bot.errors import ConfigError
from rounds.settings import config_from_args

__all__ = ["register"]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("slack", parents=[common], help="Slack app tools")
    sub = p.add_subparsers(dest="slack_command", metavar="ACTION", required=True)
    manifest = sub.add_parser(
        "manifest", parents=[common], help="print the Slack app manifest (JSON)"
    )
    manifest.add_argument(
        "--url",
        metavar="BASE",
        help="public https base URL of the HTTP endpoint (HTTP mode); default: Socket Mode",
    )
    manifest.set_defaults(func=_manifest)


def _manifest(args: argparse.Namespace) -> int:
    # Imported here: see rounds/cli.py.
    from adapters.slack.manifest import build_manifest
    from bot.app import Core

    config = config_from_args(args)
    url: str | None = args.url
    if url is not None and not url.startswith(("https://", "http://")):
        raise ConfigError(f"--url: expected an http(s) URL, got {url[:60]!r}")
    # The registry is all a manifest needs: a throwaway in-memory database is never opened.
    core = Core(replace(config, database_url="sqlite+aiosqlite:///:memory:"))
    print(json.dumps(build_manifest(core, url=url, prefix=config.slack.command_prefix), indent=2))
    return 0
