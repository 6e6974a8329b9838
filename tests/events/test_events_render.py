"""What the thread shows stays within platform limits: long posts are clipped, summaries name
the busiest channels and count the rest."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.events.render import mirror_reply, summary_reply
from bot.storage.repos.events import PostInfo
from tests.events.test_events_filing import event

AT = datetime(2026, 3, 28, 14, 0, tzinfo=UTC)


def post(i: int, channel: str, text: str = "words #ACC26") -> PostInfo:
    return PostInfo(
        id=i,
        event_id=1,
        session_id=None,
        section="live",
        channel=channel,
        message_id=f"m{i}",
        thread=None,
        author_id=1,
        author_name="zoltan",
        text=text,
        has_image=False,
        private=False,
        state="summarized",
        mirror_id=None,
        link=None,
        posted_at=AT,
        edited_at=None,
    )


def test_a_summary_names_the_busiest_channels_and_counts_the_rest() -> None:
    posts = [post(i, f"c{i % 12}") for i in range(40)]
    reply = summary_reply(event(1, "ACC26"), posts, {}, {})
    assert reply.text.startswith("40 new posts from #c0, #c1, #c2, #c3")
    assert reply.text.endswith("and 4 more channels")
    assert "zoltan" not in reply.plain_text() and "words" not in reply.plain_text()


def test_a_long_post_is_clipped_to_the_platform_limit() -> None:
    reply = mirror_reply(post(1, "general", "x" * 10_000), None, "#general", "https://l", 4000)
    assert len(reply.plain_text()) <= 4000 and reply.text.endswith("…")
