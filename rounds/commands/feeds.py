"""``rounds feeds add|import-opml|export-opml|poll [--once]|status [--json]|items [--json]``."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import UsageError
from rounds.settings import config_from_args

if TYPE_CHECKING:
    from tqdm import tqdm

    from bot.app import Core
    from bot.services.digests.admin import FeedAdmin
    from bot.services.digests.poller import PollReport

__all__ = ["register"]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``rounds feeds …`` to the CLI."""
    p = subparsers.add_parser("feeds", parents=[common], help="journal and conference feeds")
    sub = p.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", parents=[common], help="add a feed")
    add.add_argument("url")
    add.add_argument("--group", help="subscribe this group's home channel")
    add.set_defaults(func=_add)
    imp = sub.add_parser("import-opml", parents=[common], help="add every feed of an OPML file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--group", help="subscribe this group's home channel")
    imp.set_defaults(func=_import)
    exp = sub.add_parser("export-opml", parents=[common], help="write every feed as OPML")
    exp.set_defaults(func=_export)
    poll = sub.add_parser("poll", parents=[common], help="poll feeds until interrupted")
    poll.add_argument("--once", action="store_true", help="poll every enabled feed once, then exit")
    poll.set_defaults(func=_poll)
    status = sub.add_parser("status", parents=[common], help="the state of every feed")
    status.add_argument("--json", action="store_true", help="one JSON object per feed")
    status.set_defaults(func=_status)
    items = sub.add_parser("items", parents=[common], help="the stored articles")
    items.add_argument("--json", action="store_true", help="one JSON object per article")
    items.add_argument("--since", help="only articles first stored at or after this ISO time")
    items.set_defaults(func=_items)


# The core, the feeds service and tqdm are imported when a command runs, not when the CLI
# builds its parser (which imports every command module: see rounds/cli.py).


@asynccontextmanager
async def _core(args: argparse.Namespace) -> AsyncIterator[Core]:
    from bot.app import Core

    core = Core(config_from_args(args))
    await core.start(ticking=False)
    # The modules and the core live until exit: the collector need not scan them again
    # (a first poll allocates enough for several full collections; also a faster exit).
    gc.freeze()
    try:
        yield core
    finally:
        await core.stop()


def _admin(core: Core) -> FeedAdmin:
    from bot.services.digests.admin import FeedAdmin

    return FeedAdmin(core)


def _bar(total: int, what: str) -> tqdm[Any]:
    from tqdm import tqdm

    # Progress goes to stderr, and only on a terminal.
    return tqdm(total=total, desc=what, file=sys.stderr, disable=not sys.stderr.isatty())


async def _add(args: argparse.Namespace) -> int:
    async with _core(args) as core:
        feed_id, new = await _admin(core).add(args.url, args.group)
    print(f"feed {feed_id} {'added' if new else 'already present'}: {args.url}")
    return 0


async def _import(args: argparse.Namespace) -> int:
    data = await asyncio.to_thread(args.file.read_bytes)
    bars: list[tqdm[Any]] = []

    def progress(total: int) -> Callable[[], None]:
        bar = _bar(total, "importing")
        bars.append(bar)

        def step() -> None:
            bar.update()

        return step

    async with _core(args) as core:
        try:
            results = await _admin(core).import_opml(data, args.group, progress)
        finally:
            for bar in bars:
                bar.close()
    added = sum(1 for _, new in results if new)
    print(f"{len(results)} feeds in the file, {added} added")
    return 0


async def _export(args: argparse.Namespace) -> int:
    async with _core(args) as core:
        data = await _admin(core).export_opml()
    sys.stdout.write(data.decode("utf-8") + "\n")
    return 0


def _report(report: PollReport) -> None:
    print(
        f"polled {report.polled}, not modified {report.not_modified}, "
        f"failed {len(report.failed)}, new articles {report.new_articles}"
    )
    for url, error in report.failed:
        print(f"  failed: {url}: {error}")


async def _poll(args: argparse.Namespace) -> int:
    async with _core(args) as core:
        from bot.services.digests.poller import FeedPoller

        poller = core.services["feeds"]
        assert isinstance(poller, FeedPoller)
        if args.once:
            sources = await poller.enabled_sources()
            with _bar(len(sources), "polling") as bar:

                def step() -> None:
                    bar.update()

                report = await poller.poll(sources, progress=step)
            _report(report)
            return 0
        while True:  # until interrupted
            report = await poller.poll_due()
            if report.polled or report.not_modified or report.failed:
                _report(report)  # a line per cycle that did something, not per idle tick
            await asyncio.sleep(30)


async def _status(args: argparse.Namespace) -> int:
    async with _core(args) as core:
        rows = await _admin(core).status()
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        return 0
    for row in rows:
        error = f" — {row['last_error']}" if row["last_error"] else ""
        print(
            f"{row['id']:>4} {row['state']:<8} {row['items']:>5} items  "
            f"next {row['next_poll'] or '—'}  {row['url']}{error}"
        )
    return 0


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since: not an ISO 8601 time: {text[:40]}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


async def _items(args: argparse.Namespace) -> int:
    since = _since(args.since)
    async with _core(args) as core:
        rows = await _admin(core).items(since)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            print(
                f"{row['id']:>6} [{row['type']}] {row['title']}  {row['doi'] or row['link'] or ''}"
            )
    return 0
