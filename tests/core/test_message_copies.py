"""Message copies are written in batches; nothing that reads them may miss a queued one."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import Core
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
