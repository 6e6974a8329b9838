"""Deciding what happens to a post that names an event: pure, no I/O.

The rules, in order: a closed event gathers nothing; a private channel only if it opted in;
an off-record session is never gathered; a post written in the live thread itself needs no
mirror; an embargo holds the post until it lifts; a no-photos session holds image posts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.events.active import LiveEvent
from bot.storage.repos.events import SessionInfo

__all__ = ["IMAGE_SUFFIXES", "Filing", "file_post", "has_image"]

IMAGE_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".heic",
    ".heif",
    ".bmp",
    ".tif",
    ".tiff",
)


@dataclass(frozen=True, slots=True)
class Filing:
    event: LiveEvent
    session: SessionInfo | None
    section: str  # live | post
    state: str  # pending | embargoed | no_photos | in_thread


def has_image(files: tuple[str, ...]) -> bool:
    return any(name.lower().endswith(IMAGE_SUFFIXES) for name in files)


def file_post(
    live: LiveEvent,
    named: SessionInfo | None,
    *,
    at: datetime,
    channel: str,
    thread: str | None,
    private: bool,
    image: bool,
) -> Filing | None:
    """Where a tagged post goes, or None when it is not gathered at all."""
    event = live.info
    section = event.section(at)
    if section is None:
        return None
    if private and channel not in live.optins:
        return None
    # After the event, time windows no longer file posts: only a session tag does.
    session = named or (live.session_at(at, channel) if section == "live" else None)
    if session is not None and session.off_record:
        return None
    if thread is not None and thread == event.thread and channel == event.channel:
        state = "in_thread"
    elif session is not None and session.embargoed(at):
        state = "embargoed"
    elif session is not None and session.no_photos and image:
        state = "no_photos"
    else:
        state = "pending"
    return Filing(live, session, section, state)
