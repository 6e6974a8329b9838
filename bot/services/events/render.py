"""What the event thread shows: mirrors, burst summaries, speaker-question cards. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.domain.reply import Action, Field, Item, Reply, Section
from bot.services.events.times import when
from bot.storage.repos.events import EventInfo, PostInfo, QuestionInfo, SessionInfo

__all__ = [
    "VOTE",
    "busy_reply",
    "card_reply",
    "clip",
    "mirror_reply",
    "plural",
    "session_label",
    "summary_reply",
]

#: the button id of a vote (the one id the console scripts of organizers name)
VOTE = "vote"
#: room kept for the mirror's head line and link within a platform's message limit
_HEAD_ROOM = 400
#: channels a summary names (the busiest first), so that it stays one short message
_CHANNELS_NAMED = 8


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def session_label(event: EventInfo, session: SessionInfo | None) -> str:
    if session is None:
        return f"#{event.tag}"
    return f"#{event.tag}_{session.code} · {session.title}"


def mirror_reply(
    post: PostInfo,
    session: SessionInfo | None,
    where: str,
    link: str | None,
    max_chars: int,
) -> Reply:
    """A gathered post in the live thread: author, where it was written, its session, the
    redacted text, and a link back to the original."""
    head = f"@{post.author_name} in {where}"
    if session is not None:
        head += f" · {session.code}"
    if post.section == "post":
        head += " · post-event"
    if post.edited_at is not None:
        head += " · edited"
    body = clip(post.text, max(max_chars - _HEAD_ROOM, 200))
    items = (Item("Original post", url=link),) if link else ()
    return Reply(text=f"{head}: {body}", sections=(Section(items=items),) if items else ())


def summary_reply(
    event: EventInfo,
    posts: Sequence[PostInfo],
    labels: Mapping[str, str],
    sessions: Mapping[int, SessionInfo],
) -> Reply:
    """One message for a burst: how many posts from where, by session. Counts and channel
    names only, so that it carries nobody's words (erasure never has to edit it)."""
    by_channel = Counter(p.channel for p in posts)
    busiest = [labels.get(c, f"#{c}") for c, _ in by_channel.most_common(_CHANNELS_NAMED)]
    more = len(by_channel) - len(busiest)
    where = ", ".join(busiest) + (f" and {plural(more, 'more channel')}" if more > 0 else "")
    by_session = Counter(
        "Post-event"
        if p.section == "post"
        else (
            sessions[p.session_id].code
            if p.session_id is not None and p.session_id in sessions
            else "No session"
        )
        for p in posts
    )
    fields = tuple(Field(name, str(n)) for name, n in sorted(by_session.items()))
    return Reply(
        text=f"{plural(len(posts), 'new post')} from {where}",
        sections=(Section(fields=fields),) if len(by_session) > 1 else (),
        context=f"A busy moment: posts are summarised. Every post is in the transcript "
        f"(/event export #{event.tag}).",
    )


def busy_reply(event: EventInfo, due: datetime) -> Reply:
    """The message a burst's summary goes into, posted when the burst begins."""
    return Reply.of(
        f"A busy moment: new posts tagged #{event.tag} are counted here and summarised at "
        f"{when(due, event.tz, date=False)}."
    )


def card_reply(
    q: QuestionInfo,
    event: EventInfo,
    session: SessionInfo,
    *,
    similar_to: int | None = None,
) -> Reply:
    """A speaker question as everyone sees it; the asker of an anonymous one is never named."""
    if q.status == "hidden":
        return Reply.of(f"Q{q.id} was hidden by the organizers.")
    if q.status == "merged":
        return Reply.of(f"Q{q.id} was merged into Q{q.merged_into}: vote there.")
    who = "asked anonymously" if q.anonymous else f"asked by @{q.asker_name}"
    head = f"Q{q.id} for #{event.tag}_{session.code} ({session.title})"
    if q.status == "answered":
        return Reply(
            text=f"✓ Answered · {head}\n{q.text}", context=f"{who} · {plural(q.votes, 'vote')}"
        )
    actions = [
        Action(VOTE, "Vote", str(q.id), style="primary"),
        Action("event-answered", "Mark answered", str(q.id)),
        Action("event-hide", "Hide", str(q.id), style="danger"),
    ]
    context = f"{who} · {plural(q.votes, 'vote')}"
    if similar_to is not None:
        actions.append(Action("event-merge", f"Merge into Q{similar_to}", f"{q.id}:{similar_to}"))
        context += f" · looks like Q{similar_to}"
    return Reply(text=f"{head}\n{q.text}", context=context, actions=tuple(actions))
