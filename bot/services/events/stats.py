"""Event figures from the gathered posts and questions: pure, so that the command, the
organizer's summary and the tests compute them the same way."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.reply import Field, Item, Reply, Section
from bot.services.events.render import plural
from bot.services.events.times import local
from bot.storage.repos.events import EventInfo, PostInfo, QuestionInfo, SessionInfo

__all__ = ["VISIBLE", "EventStats", "compute", "stats_reply"]

#: post states that are part of the record (held posts are not, until released)
VISIBLE = frozenset({"pending", "mirrored", "queued", "summarized", "in_thread"})
_TOP = 5


@dataclass(frozen=True, slots=True)
class EventStats:
    posts: int
    replies: int
    participants: int
    held: int
    channels: tuple[tuple[str, int], ...]
    top: tuple[tuple[str, int], ...]
    sessions: tuple[tuple[str, int], ...]
    #: every hour (event-local, naive) from the first post to the last, with its count
    hours: tuple[tuple[datetime, int], ...]
    questions: int
    answered: int

    @property
    def peak(self) -> tuple[datetime, int] | None:
        busiest = max(self.hours, key=lambda h: h[1], default=None)
        return busiest if busiest and busiest[1] else None


def _hours(posts: Sequence[PostInfo], tz: str) -> tuple[tuple[datetime, int], ...]:
    counts = Counter(
        local(p.posted_at, tz).replace(minute=0, second=0, microsecond=0, tzinfo=None)
        for p in posts
    )
    if not counts:
        return ()
    hour, last, out = min(counts), max(counts), []
    while hour <= last:
        out.append((hour, counts.get(hour, 0)))
        hour += timedelta(hours=1)
    return tuple(out)


def compute(
    event: EventInfo,
    sessions: Sequence[SessionInfo],
    posts: Sequence[PostInfo],
    questions: Sequence[QuestionInfo],
) -> EventStats:
    shown = [p for p in posts if p.state in VISIBLE]
    codes = {s.id: f"{s.code} · {s.title}" for s in sessions}
    by_session = Counter(
        "Post-event" if p.section == "post" else codes.get(p.session_id or 0, "No session")
        for p in shown
    )
    order = [codes[s.id] for s in sessions] + ["No session", "Post-event"]
    asked = [q for q in questions if q.status != "merged"]
    return EventStats(
        posts=len(shown),
        replies=sum(1 for p in shown if p.thread is not None),
        participants=len({p.author_id for p in shown} | {q.asker_id for q in asked}),
        held=len(posts) - len(shown),
        channels=tuple(Counter(p.channel for p in shown).most_common()),
        top=tuple(Counter(p.author_name for p in shown).most_common(_TOP)),
        sessions=tuple((name, by_session[name]) for name in order if by_session.get(name)),
        hours=_hours(shown, event.tz),
        questions=len(asked),
        answered=sum(1 for q in asked if q.status == "answered"),
    )


def stats_reply(
    event: EventInfo, stats: EventStats, labels: Mapping[str, str], reach: int
) -> Reply:
    """The figures as fields and lists (the chart travels as a file beside them)."""
    peak = stats.peak
    figures = (
        Field("Posts", str(stats.posts)),
        Field("Replies", str(stats.replies)),
        Field("Participants", str(stats.participants)),
        Field("Reach", f"{reach} (members of the channels with posts)"),
        Field(
            "Peak hour",
            f"{peak[0]:%Y-%m-%d %H:00} ({plural(peak[1], 'post')})" if peak else "none yet",
        ),
        Field("Speaker questions", f"{stats.questions} ({stats.answered} answered)"),
    )
    sections = [Section(title=f"#{event.tag} in figures", fields=figures)]
    if stats.top:
        sections.append(
            Section(
                title="Top contributors",
                items=tuple(Item(f"@{name}", meta=plural(n, "post")) for name, n in stats.top),
            )
        )
    if stats.sessions:
        sections.append(
            Section(
                title="By session",
                items=tuple(Item(name, meta=plural(n, "post")) for name, n in stats.sessions),
            )
        )
    if stats.channels:
        sections.append(
            Section(
                title="By channel",
                items=tuple(
                    Item(labels.get(c, f"#{c}"), meta=plural(n, "post")) for c, n in stats.channels
                ),
            )
        )
    held = f" · {plural(stats.held, 'post')} held (embargo or no photos)" if stats.held else ""
    return Reply(
        text=f"#{event.tag} stats",
        sections=tuple(sections),
        context=f"hours in {event.tz}{held}",
    )
