"""``/event …``: the declarations (pure data) that drive parsing, usage lines and help."""

from __future__ import annotations

from bot.commands import Arg, ArgKind, CommandSpec, Flag, Permission

__all__ = ["SPECS"]

_TAG = Arg("tag", ArgKind.TAG, help="the event's hashtag, e.g. #ACC26")
_CODE = Arg("session", help="a session code (S12) or its tag (#ACC26_S12)")
_QUESTION = Arg("question", ArgKind.QUESTION, help="a speaker question, e.g. Q4")

SPECS = (
    CommandSpec(
        "event",
        "start",
        "Start an event: posts tagged #TAG in any channel are gathered into its live thread. "
        "Times are in the event's zone (--tz, default UTC); --to includes that whole day.",
        args=(_TAG,),
        flags=(
            Flag("from", ArgKind.DATETIME, "first day"),
            Flag("to", ArgKind.DATETIME, "last day"),
            Flag("tz", ArgKind.TZ, "time zone"),
            Flag("channel", ArgKind.CHANNEL, "where the live thread goes"),
            Flag("group", ArgKind.GROUP, "specialty group for unanswered questions"),
        ),
        permission=Permission.ORGANIZER,
        examples=("/event start #ACC26 --from 2026-03-28 --to 2026-03-30 --tz America/New_York",),
    ),
    CommandSpec(
        "event",
        "session",
        "Add a session: its tag is #TAG_CODE; posts in its time window (and channel, if "
        "given) are filed under it. --embargo-until holds posts until then; --no-photos "
        "holds image posts; --off-record sessions are never gathered.",
        args=(
            Arg("action", ArgKind.CHOICE, choices=("add",)),
            _TAG,
            Arg("code", help="a short code, e.g. S12", max_len=16),
            Arg("title", help="quoted if it has spaces", max_len=120),
            Arg("start", ArgKind.DATETIME),
            Arg("end", ArgKind.DATETIME),
        ),
        flags=(
            Flag("channel", ArgKind.CHANNEL, "the session's channel"),
            Flag("embargo-until", ArgKind.DATETIME, "hold posts until then"),
            Flag("no-photos", help="hold posts with images"),
            Flag("off-record", help="never gather"),
            Flag("group", ArgKind.GROUP, "specialty group for unanswered questions"),
        ),
        permission=Permission.ORGANIZER,
        examples=(
            '/event session add #ACC26 S12 "Late-breaking trials" 2026-03-28T10:00 '
            "2026-03-28T11:30 --channel #cardiology --embargo-until 2026-03-28T12:00",
        ),
    ),
    CommandSpec(
        "event",
        "list",
        "List the events that gather now; with a tag, its sessions.",
        args=(Arg("tag", ArgKind.TAG, required=False),),
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "event",
        "stop",
        "End live mode: tagged posts of the next days go to a post-event section, unanswered "
        "speaker questions go to Q&A, and the organizer gets a summary.",
        args=(_TAG,),
        permission=Permission.ORGANIZER,
    ),
    CommandSpec(
        "event",
        "optin",
        "Let this private channel's tagged posts into the event (run it in the channel).",
        args=(_TAG,),
        permission=Permission.ORGANIZER,
    ),
    CommandSpec(
        "event",
        "ask",
        "Ask a session's speakers a question; others vote for it.",
        args=(_CODE, Arg("text", ArgKind.TEXT)),
        flags=(Flag("anon", help="ask anonymously"),),
        examples=("/event ask S12 What was the dose in the elderly subgroup? --anon",),
    ),
    CommandSpec(
        "event",
        "questions",
        "A session's speaker questions, most votes first.",
        args=(_CODE,),
    ),
    CommandSpec(
        "event",
        "answer",
        "Mark a speaker question answered.",
        args=(_QUESTION,),
        permission=Permission.ORGANIZER,
    ),
    CommandSpec(
        "event",
        "hide",
        "Hide a speaker question.",
        args=(_QUESTION,),
        permission=Permission.ORGANIZER,
    ),
    CommandSpec(
        "event",
        "merge",
        "Merge a speaker question into another (votes are kept, once per member).",
        args=(_QUESTION, Arg("into", ArgKind.QUESTION)),
        permission=Permission.ORGANIZER,
        examples=("/event merge Q7 Q3",),
    ),
    CommandSpec(
        "event",
        "stats",
        "Participants, posts, reach, top contributors, peak hour, per session and channel, "
        "with a chart of posts per hour.",
        args=(_TAG,),
    ),
    CommandSpec(
        "event",
        "export",
        "The transcript by session (redacted text only) as a file.",
        args=(_TAG,),
        flags=(Flag("format", ArgKind.CHOICE, "file format", choices=("md", "csv", "json")),),
        permission=Permission.ORGANIZER,
        examples=("/event export #ACC26 --format md",),
    ),
)
