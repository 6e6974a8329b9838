"""``rounds run``: every configured platform on one event loop, else the console.

A platform adapter takes part by providing ``adapters/<name>/runner.py`` with
``configured(config) -> bool`` and ``async serve(core) -> None`` (runs until cancelled)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import signal
from typing import Any

from rounds.commands.console import run_console
from rounds.settings import config_from_args

__all__ = ["platform_runners", "register"]

log = logging.getLogger("rounds.run")

PLATFORMS = ("slack", "discord")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "run", parents=[common], help="start the bot (the console when no platform is configured)"
    )
    p.set_defaults(func=_run)


def platform_runners() -> list[Any]:
    """The runner modules of the platform adapters that exist in this build."""
    found = []
    for name in PLATFORMS:
        module = f"adapters.{name}.runner"
        try:
            found.append(importlib.import_module(module))
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise
    return found


async def _run(args: argparse.Namespace) -> int:
    from bot.app import Core  # here: see rounds/cli.py

    config = config_from_args(args)
    runners = [r for r in platform_runners() if r.configured(config)]
    if not runners:
        return await run_console(config, None, False, "you", "general")
    core = Core(config)
    await core.start()
    log.info("starting %s", ", ".join(r.__name__.split(".")[1] for r in runners))
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    tasks = [asyncio.create_task(r.serve(core), name=r.__name__) for r in runners]
    stop_wait = asyncio.create_task(stopping.wait())
    try:
        # The first adapter to end (or a signal) ends the run: the others are cancelled.
        done, _ = await asyncio.wait([*tasks, stop_wait], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in [*tasks, stop_wait]:
            task.cancel()
        await asyncio.gather(*tasks, stop_wait, return_exceptions=True)
        await core.stop()
    for task in done:
        if task is not stop_wait and not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
    return 0
