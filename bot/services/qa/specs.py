"""The Q&A commands, declared as data: ``/ask`` and ``/qa …``."""

from __future__ import annotations

from bot.commands import Arg, ArgKind, CommandSpec, Flag, Permission

__all__ = ["SPECS", "STATUSES"]

#: the states ``status:`` and ``/qa list`` filter on
STATUSES = ("open", "answered", "accepted", "closed")

_Q = Arg("question", ArgKind.QUESTION, help="a question number, e.g. Q12")
_N = Arg("answer", ArgKind.INT, help="the answer's number, as /qa show lists them")
_ON_OFF = Arg("state", ArgKind.CHOICE, choices=("on", "off"))

SPECS = (
    CommandSpec(
        "ask",
        None,
        "Ask colleagues: posts a tracked question, routes it to the specialty groups named "
        "(else the channel's), and first shows you answered questions that look the same.",
        args=(
            Arg("groups", ArgKind.GROUP, required=False, repeat=True, help="#specialty"),
            Arg("text", ArgKind.TEXT, help="the question"),
        ),
        flags=(Flag("anon", help="shown as e.g. 'verified cardiologist (anonymous)'"),),
        examples=(
            "/ask #cardiology Apixaban dose in AF with CKD stage 4?",
            "/ask #nephrology --anon When to start dialysis in an asymptomatic patient?",
        ),
    ),
    CommandSpec(
        "qa",
        "search",
        "Search questions and answers; filters: tag:NAME status:open|answered|accepted|closed "
        "since:2026-01-31 (or since:30d) evidence:cited.",
        args=(Arg("query", ArgKind.TEXT, help="words and filters"),),
        permission=Permission.ANYONE,
        examples=("/qa search apixaban ckd status:accepted evidence:cited",),
    ),
    CommandSpec(
        "qa",
        "list",
        "Recent questions still waiting: open (no answer yet) or answered (none accepted).",
        args=(
            Arg("state", ArgKind.CHOICE, required=False, choices=("open", "answered")),
            Arg("group", ArgKind.GROUP, required=False),
        ),
        permission=Permission.ANYONE,
        examples=("/qa list open #cardiology",),
    ),
    CommandSpec(
        "qa",
        "show",
        "A question with its answers, citations and endorsements.",
        args=(_Q,),
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "qa",
        "accept",
        "Accept answer N (the asker, or a moderator for them); several may be accepted.",
        args=(_Q, Arg("answer", ArgKind.INT, required=False, help="the answer's number")),
        examples=("/qa accept Q12 2",),
    ),
    CommandSpec("qa", "close", "Close a question (asker or moderator).", args=(_Q,)),
    CommandSpec("qa", "reopen", "Reopen a closed or accepted question.", args=(_Q,)),
    CommandSpec(
        "qa",
        "endorse",
        "Endorse an answer (verified members; shown with your specialty).",
        args=(_Q, _N),
    ),
    CommandSpec(
        "qa",
        "dissent",
        "Disagree with an answer, with a reason (verified members).",
        args=(_Q, _N, Arg("reason", ArgKind.TEXT, max_len=300)),
        examples=("/qa dissent Q12 1 The 2023 guideline changed this",),
    ),
    CommandSpec(
        "qa",
        "flag",
        "Flag an answer for review (moderators).",
        args=(_Q, _N, Arg("reason", ArgKind.TEXT, required=False, max_len=300)),
        permission=Permission.MODERATOR,
    ),
    CommandSpec(
        "qa",
        "remove",
        "Remove an answer from the record, and from the platform where allowed (moderators).",
        args=(_Q, _N),
        permission=Permission.MODERATOR,
    ),
    CommandSpec(
        "qa",
        "reveal",
        "Show who asked an anonymous question (moderators; audited).",
        args=(_Q,),
        permission=Permission.MODERATOR,
    ),
    CommandSpec(
        "qa",
        "channel",
        "Make a channel a Q&A channel: its top-level questions become tracked questions.",
        args=(Arg("channel", ArgKind.CHANNEL), _ON_OFF),
        permission=Permission.ADMIN,
        examples=("/qa channel #ask-cardiology on",),
    ),
    CommandSpec(
        "qa",
        "stats",
        "Questions, share answered and accepted, median time to first reply, top helpers.",
        args=(Arg("group", ArgKind.GROUP, required=False),),
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "qa",
        "export",
        "Export questions with accepted answers and citations (moderators).",
        args=(Arg("format", ArgKind.CHOICE, required=False, choices=("json", "csv")),),
        permission=Permission.MODERATOR,
    ),
    CommandSpec(
        "qa",
        "helper",
        "Show your name among the top helpers in /qa stats, or not (off by default).",
        args=(_ON_OFF,),
    ),
)
