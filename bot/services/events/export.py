"""The transcript: per session, then posts without a session, then the post-event section,
with each session's speaker questions. Only Rounds' redacted copies go in, only posts on the
record (held ones are left out until released), and an anonymous asker stays anonymous.
Members who used forget-me are gone from the tables, so from the transcript too. Pure."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.services.events.render import plural
from bot.services.events.stats import VISIBLE
from bot.services.events.times import local, when
from bot.storage.repos.events import EventInfo, PostInfo, QuestionInfo, SessionInfo

__all__ = ["FORMATS", "describe", "render", "transcript"]

#: format → (file suffix, MIME type)
FORMATS = {
    "md": ("md", "text/markdown"),
    "csv": ("csv", "text/csv"),
    "json": ("json", "application/json"),
}
_CSV_COLUMNS = (
    "kind",
    "section",
    "session",
    "time",
    "author",
    "channel",
    "text",
    "reply",
    "votes",
    "status",
    "link",
)


def _post(p: PostInfo, tz: str, labels: Mapping[str, str]) -> dict[str, Any]:
    return {
        "time": local(p.posted_at, tz).isoformat(timespec="minutes"),
        "author": p.author_name,
        "channel": labels.get(p.channel, f"#{p.channel}"),
        "text": p.text,
        "reply": p.thread is not None,
        "edited": p.edited_at is not None,
        "link": p.link,
    }


def _question(q: QuestionInfo) -> dict[str, Any]:
    return {
        "number": f"Q{q.id}",
        "text": q.text,
        "votes": q.votes,
        "status": q.status,
        "asker": None if q.anonymous else q.asker_name,
        "anonymous": q.anonymous,
    }


def transcript(
    event: EventInfo,
    sessions: Sequence[SessionInfo],
    posts: Sequence[PostInfo],
    questions: Sequence[QuestionInfo],
    labels: Mapping[str, str],
) -> dict[str, Any]:
    """The transcript as one JSON-able document (every format renders this)."""
    tz = event.tz
    shown = [p for p in posts if p.state in VISIBLE]
    live = [p for p in shown if p.section == "live"]
    asked = [q for q in questions if q.status in ("open", "answered")]
    return {
        "event": {
            "tag": f"#{event.tag}",
            "time_zone": tz,
            "started": local(event.created_at, tz).isoformat(timespec="minutes"),
            "stopped": local(event.stopped_at, tz).isoformat(timespec="minutes")
            if event.stopped_at
            else None,
            "post_event_until": local(event.post_until, tz).isoformat(timespec="minutes")
            if event.post_until
            else None,
        },
        "sessions": [
            {
                "tag": f"#{event.tag}_{s.code}",
                "code": s.code,
                "title": s.title,
                "start": local(s.starts_at, tz).isoformat(timespec="minutes"),
                "end": local(s.ends_at, tz).isoformat(timespec="minutes"),
                "channel": labels.get(s.channel, f"#{s.channel}") if s.channel else None,
                "posts": [_post(p, tz, labels) for p in live if p.session_id == s.id],
                "questions": [_question(q) for q in asked if q.session_id == s.id],
            }
            for s in sessions
            if not s.off_record
        ],
        "no_session": [_post(p, tz, labels) for p in live if p.session_id is None],
        "post_event": [_post(p, tz, labels) for p in shown if p.section == "post"],
    }


def _stamp(iso: str) -> str:
    """``2026-03-28 10:00`` from the document's ISO time (the zone is in the header)."""
    return f"{datetime.fromisoformat(iso):%Y-%m-%d %H:%M}"


def _md_posts(posts: Sequence[dict[str, Any]]) -> list[str]:
    if not posts:
        return ["_No posts._", ""]
    lines = []
    for p in posts:
        text = str(p["text"]).replace("\n", "\n  ")
        link = f" ([original]({p['link']}))" if p["link"] else ""
        reply = " (reply)" if p["reply"] else ""
        lines.append(
            f"- {_stamp(p['time'])} **@{p['author']}** in {p['channel']}{reply}: {text}{link}"
        )
    return [*lines, ""]


def _markdown(doc: dict[str, Any]) -> str:
    head = doc["event"]
    out = [f"# {head['tag']} transcript", "", f"Times in {head['time_zone']}.", ""]
    for s in doc["sessions"]:
        where = f", {s['channel']}" if s["channel"] else ""
        span = f"{_stamp(s['start'])}–{_stamp(s['end'])[11:]}"
        out += [f"## {s['tag']} · {s['title']}", "", f"{span}{where}", ""]
        out += _md_posts(s["posts"])
        if s["questions"]:
            out += ["### Speaker questions", ""]
            for q in s["questions"]:
                who = "anonymous" if q["anonymous"] else f"@{q['asker']}"
                votes = plural(q["votes"], "vote")
                out.append(f"- {q['number']} ({votes}, {q['status']}, {who}): {q['text']}")
            out.append("")
    out += ["## No session", "", *_md_posts(doc["no_session"])]
    out += ["## Post-event", "", *_md_posts(doc["post_event"])]
    return "\n".join(out)


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv(doc: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_CSV_COLUMNS)

    def posts(section: str, session: str, items: Sequence[dict[str, Any]]) -> None:
        for p in items:
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        "post",
                        section,
                        session,
                        p["time"],
                        p["author"],
                        p["channel"],
                        p["text"],
                        p["reply"],
                        "",
                        "",
                        p["link"],
                    )
                ]
            )

    for s in doc["sessions"]:
        posts("live", s["code"], s["posts"])
        for q in s["questions"]:
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        "question",
                        "live",
                        s["code"],
                        "",
                        q["asker"] or "anonymous",
                        "",
                        q["text"],
                        "",
                        q["votes"],
                        q["status"],
                        "",
                    )
                ]
            )
    posts("live", "", doc["no_session"])
    posts("post-event", "", doc["post_event"])
    return buffer.getvalue()


def render(doc: dict[str, Any], fmt: str) -> str:
    """The transcript in ``md``, ``csv`` or ``json``."""
    if fmt == "md":
        return _markdown(doc)
    if fmt == "csv":
        return _csv(doc)
    return json.dumps(doc, ensure_ascii=False, indent=1)


def describe(event: EventInfo) -> str:
    """The one line that accompanies an export file."""
    return f"#{event.tag} transcript (started {when(event.created_at, event.tz)})"
