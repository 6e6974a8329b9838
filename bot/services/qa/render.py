"""What Q&A says, as platform-neutral replies: the question post, the thread notice, routed
DMs, suggestions, nudges and list items. Pure functions of stored rows."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.reply import Action, Item, Reply, Section
from bot.services.qa.routing import Plan
from bot.storage.models.qa import QAAnswer, QAQuestion

__all__ = [
    "ACCEPT",
    "ANSWERS",
    "ASK_ANYWAY",
    "STILL_OPEN",
    "anonymous_label",
    "info_reply",
    "nudge_reply",
    "question_item",
    "question_post",
    "routed_dm",
    "short",
    "status_label",
    "suggestion_replies",
]

ANSWERS = "answers"
ASK_ANYWAY = "ask-anyway"
ACCEPT = "accept"
STILL_OPEN = "still-open"

_PRACTITIONERS = {
    "pediatrics": "pediatrician",
    "internal-medicine": "internist",
    "family-medicine": "family physician",
    "general-practice": "general practitioner",
    "emergency-medicine": "emergency physician",
    "psychiatry": "psychiatrist",
    "surgery": "surgeon",
    "general-surgery": "surgeon",
    "obstetrics": "obstetrician",
    "anesthesia": "anesthesiologist",
    "critical-care": "intensivist",
    "hospital-medicine": "hospitalist",
}


def _practitioner(specialty: str) -> str:
    if specialty in _PRACTITIONERS:
        return _PRACTITIONERS[specialty]
    if specialty.endswith("ology"):
        return specialty[:-1] + "ist"
    return f"{specialty.replace('-', ' ').replace('_', ' ')} physician"


def anonymous_label(specialty: str | None, verified: bool) -> str:
    """How an anonymous asker is shown: "verified cardiologist (anonymous)"."""
    who = _practitioner(specialty) if specialty else "physician"
    return f"{'verified ' if verified else ''}{who} (anonymous)"


def short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def status_label(question: QAQuestion) -> str:
    if question.status == "closed" and question.closed_reason == "reused":
        return "answered elsewhere"
    return question.status


def _groups(question: QAQuestion) -> str:
    return " ".join(f"#{g}" for g in question.groups)


def question_post(question: QAQuestion) -> Reply:
    """The public post of a question asked with /ask: its thread is where answers go."""
    to = f" ({_groups(question)})" if question.groups else ""
    return Reply(text=f"❓ Q{question.number} · {question.asker_label} asks{to}:\n{question.text}")


def _routing_line(question: QAQuestion, plan: Plan | None) -> str:
    head = f"Q{question.number}"
    if plan is None:
        return f"{head} · not routed: name a specialty, e.g. /ask #cardiology …"
    where = " ".join(f"#{g}" for g in plan.groups)
    if plan.recipients:
        names = ", ".join(f"@{m.name}" for m in plan.recipients)
        n = len(plan.recipients)
        line = f"{head} · routed to {n} member{'s' if n != 1 else ''} of {where}: {names}"
        if plan.backup:
            line += " (backup group)"
    else:
        line = f"{head} · nobody in {where} is available right now"
    notes = []
    if plan.quiet:
        notes.append(f"{plan.quiet} in quiet hours, not notified")
    if plan.capped:
        notes.append(f"{plan.capped} at their daily limit")
    return line + (f" · {'; '.join(notes)}" if notes else "")


def info_reply(
    question: QAQuestion, plan: Plan | None, similar: Sequence[Item], disclaimer: str
) -> Reply:
    """The bot's note in the question's thread: number, routing, related answered questions."""
    sections = (Section("Similar answered questions", items=tuple(similar)),) if similar else ()
    return Reply(text=_routing_line(question, plan), sections=sections, context=disclaimer)


def routed_dm(question: QAQuestion, reason: str = "") -> Reply:
    """A question sent to a member: the text and the link to its thread."""
    where = f" in #{question.channel}" if question.channel else ""
    lead = f"{reason} " if reason else ""
    return Reply(
        text=f"{lead}Q{question.number}{where} from {question.asker_label}"
        f" ({_groups(question) or 'no specialty'}):\n{question.text}",
        sections=(Section(items=(Item("Answer in the thread", question.link),)),)
        if question.link
        else (),
    )


def question_item(question: QAQuestion, answers: int | None = None) -> Item:
    meta = [status_label(question)]
    if answers is not None:
        meta.append(f"{answers} answer{'s' if answers != 1 else ''}")
    if question.cited:
        meta.append("cited")
    if question.groups:
        meta.append(_groups(question))
    meta.append(question.created_at.strftime("%Y-%m-%d"))
    return Item(f"Q{question.number} · {short(question.text)}", question.link, " · ".join(meta))


def suggestion_replies(
    question: QAQuestion, similar: Sequence[tuple[QAQuestion, float]]
) -> list[Reply]:
    """Private: answered questions that may settle this one, before it is routed. The first
    message carries "This answers it" for the closest match and "Ask anyway"; each further
    match comes with its own "This answers it"."""
    replies = []
    for index, (other, _score) in enumerate(similar):
        value = f"{question.id}:{other.id}"
        item = question_item(other)
        if index == 0:
            replies.append(
                Reply(
                    text=f"Before Q{question.number} goes to colleagues: "
                    "this answered question looks the same.",
                    sections=(Section(items=(item,)),),
                    actions=(
                        Action(ANSWERS, "This answers it", value, style="primary"),
                        Action(ASK_ANYWAY, "Ask anyway", str(question.id)),
                    ),
                ).as_private()
            )
        else:
            replies.append(
                Reply(
                    text=f"Also similar to Q{question.number}:",
                    sections=(Section(items=(item,)),),
                    actions=(Action(ANSWERS, "This answers it", value),),
                ).as_private()
            )
    return replies


def nudge_reply(question: QAQuestion, answers: Sequence[QAAnswer], best: QAAnswer) -> Reply:
    """Private to the asker: replies came, nothing is accepted yet."""
    items = tuple(Item(f"{a.ordinal}. {short(a.text, 120)}") for a in answers)
    return Reply(
        text=f"Your Q{question.number} has {len(answers)} answer"
        f"{'s' if len(answers) != 1 else ''}. Did one settle it? "
        f"(Or /qa accept Q{question.number} N for answer N.)",
        sections=(Section(items=items),),
        actions=(
            Action(ACCEPT, f"Mark answer {best.ordinal}", f"{question.id}:{best.ordinal}"),
            Action(STILL_OPEN, "Still open", str(question.id)),
        ),
    ).as_private()
