"""The scheduler on the console's clock: ``! advance`` runs each job at its own time, in order,
and a daily 07:00 America/New_York job runs once a day across the March DST change."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.domain.reply import Reply
from bot.scheduler import JobRun, next_occurrence
from tests.conftest import BotConsole

NEW_YORK = ZoneInfo("America/New_York")


async def _with_jobs(bot: BotConsole) -> int:
    """Register a job kind that posts the time it runs at; return the console's tenant id."""
    assert bot.core is not None and bot.console is not None
    core = bot.core

    async def post_time(run: JobRun) -> None:
        if not await run.mark_sent():
            return
        outbox = await core.outbox_for(run.tenant_id)
        label = run.payload["label"]
        await outbox.post("general", Reply.of(f"{label} {core.clock.now():%Y-%m-%dT%H:%MZ}"))

    core.scheduler.register("test.post-time", post_time)
    return await core.tenant_id(bot.console.tenant)


def _texts(actions: list[dict[str, object]]) -> list[str]:
    return [str(a["text"]) for a in actions if a["kind"] == "message"]


async def test_a_daily_new_york_job_runs_once_a_day_across_the_dst_change(
    bot: BotConsole,
) -> None:
    await bot.play("! now 2026-03-05T00:00:00Z")
    tenant_id = await _with_jobs(bot)
    assert bot.core is not None
    sched = bot.core.scheduler
    first = next_occurrence("0 7 * * *", "America/New_York", datetime(2026, 3, 5, tzinfo=UTC))
    assert first == datetime(2026, 3, 5, 12, 0, tzinfo=UTC)  # 07:00 EST
    await sched.schedule(
        tenant_id,
        "test.post-time",
        first,
        {"label": "daily"},
        cron="0 7 * * *",
        tz="America/New_York",
        cancel_key="digest 1",
    )
    for at, label in (("2026-03-08T11:30:00", "after"), ("2026-03-08T10:30:00", "before")):
        due = datetime.fromisoformat(at).replace(tzinfo=UTC)
        await sched.schedule(tenant_id, "test.post-time", due, {"label": label})

    out = await bot.play("! advance 3d12h")  # to 2026-03-08T12:00Z, past the change
    assert _texts(out) == [
        "daily 2026-03-05T12:00Z",
        "daily 2026-03-06T12:00Z",
        "daily 2026-03-07T12:00Z",
        "before 2026-03-08T10:30Z",
        "daily 2026-03-08T11:00Z",  # 07:00 EDT: the clocks went forward at 02:00 local
        "after 2026-03-08T11:30Z",
    ]
    assert [m["id"] for m in out] == ["b1", "b2", "b3", "b4", "b5", "b6"]

    await bot.restart()  # a restart on the same data keeps the clock and the jobs
    await _with_jobs(bot)
    out = await bot.play("! advance 2d", "! mark done")
    assert _texts(out) == ["daily 2026-03-09T11:00Z", "daily 2026-03-10T11:00Z"]
    assert out[-1]["kind"] == "mark"
    for text in _texts(bot.actions):
        when = datetime.strptime(text.split()[1], "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
        if text.startswith("daily"):
            assert when.astimezone(NEW_YORK).strftime("%H:%M") == "07:00"

    # Moving the clock by `! now` is downtime: the missed mornings run once, not three times.
    out = await bot.play("! now 2026-03-14T09:00:00Z")
    assert _texts(out) == ["daily 2026-03-14T09:00Z"]
    out = await bot.play("! advance 1d")
    assert _texts(out) == ["daily 2026-03-14T11:00Z"]

    assert await bot.core.scheduler.cancel(tenant_id, "digest 1") == 1
    assert _texts(await bot.play("! advance 7d")) == []
