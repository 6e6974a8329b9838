"""``rounds db upgrade``."""

from __future__ import annotations

import argparse
from typing import Any

from rounds.settings import config_from_args

__all__ = ["register"]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("db", parents=[common], help="database maintenance")
    sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser("upgrade", parents=[common], help="apply pending migrations")
    up.set_defaults(func=_upgrade)


async def _upgrade(args: argparse.Namespace) -> int:
    from bot.storage.db import Database  # here: see rounds/cli.py

    config = config_from_args(args)
    db = Database(config.db_url)
    try:
        await db.migrate()
    finally:
        await db.close()
    print("database is up to date")
    return 0
