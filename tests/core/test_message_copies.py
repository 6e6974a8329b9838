"""Message copies are written in batches; nothing that reads them may miss a queued one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app import Core
from bot.platform import DeleteEvent
from bot.storage.models import MessageCopy
from tests.conftest import BotConsole


async def _rows(core: Core) -> list[tuple[str, str, bool]]:
    """(message number, text, held) of every copy in the database, without flushing the queue
    (the console's message ids end in the script's message number)."""
    async with core.db.session() as s:
        rows = await s.execute(
            select(MessageCopy.message_id, MessageCopy.text, MessageCopy.held).order_by(
                MessageCopy.id
            )
        )
        return [(m.rsplit(".", 1)[-1], text, held) for m, text, held in rows]


async def test_queued_copies_are_seen_by_edits_deletes_and_survive_a_restart(
    bot: BotConsole,
) -> None:
    assert bot.core is not None
    bot.core.copies.max_delay = 3600  # nothing is written by the timer during this test
    await bot.play("@ana #general: first draft", "@ana #general: second", "@ana #general: third")
    assert await _rows(bot.core) == [] and bot.core.copies.waiting == 3
    # An edit and a delete right after the post find the queued copies.
    await bot.play("@ana edit 1: first, edited", "@ana delete 2")
    assert await _rows(bot.core) == [("1", "first, edited", False), ("3", "third", False)]
    # A flagged message is written at once (its buttons find it by id), with the queue.
    await bot.play("@ana #general: plain again", "@ana #general: pt Ruiz MRN 4417-2290")
    rows = await _rows(bot.core)
    assert [r[0] for r in rows] == ["1", "3", "4", "5"] and "4417-2290" not in rows[-1][1]
    assert bot.core.copies.waiting == 0
    # A clean stop writes what is queued.
    await bot.play("@bob #general: the last word")
    await bot.restart()
    assert bot.core is not None
    assert (await _rows(bot.core))[-1] == ("6", "the last word", False)


async def test_a_delete_seen_by_another_process_removes_the_copy_once_it_lands(
    db_url: str, tmp_path: Path
) -> None:
    """Two processes on one database: A saw the message (its copy still queued), B gets the
    platform's delete. B finds nothing yet and deletes again a little later."""
    a = BotConsole(tmp_path / "a", db_url)
    b = BotConsole(tmp_path / "b", db_url)
    await a.start()
    await b.start()
    try:
        assert a.core is not None and a.console is not None and b.core is not None
        a.core.copies.max_delay = 3600
        await a.play("@ana #general: posted in the wrong channel")
        msg = a.console.world.message(1)
        assert msg is not None
        await b.core.dispatch(
            DeleteEvent(
                tenant=a.console.tenant,
                event_id="delete-1",
                user="ana",
                channel=msg.channel,
                at=b.core.clock.now(),
                message_id=msg.id,
            )
        )
        await a.core.copies.flush()  # A's batch lands after B's delete
        assert [r[1] for r in await _rows(a.core)] == ["posted in the wrong channel"]
        await b.play("! advance 1m")
        assert await _rows(a.core) == []
    finally:
        await a.stop()
        await b.stop()
