"""``/privacy forget-me`` and ``export-me`` for what events hold about a member: gathered
posts, speaker questions (anonymous ones included: they are the member's own) and votes.

The mirrors of a member's posts and the cards of their questions are bot posts recorded on
their behalf, which the privacy capability deletes from the platform; summaries carry no one's
words."""

from __future__ import annotations

from typing import Any

from bot.storage.repos.events import PostRepo, QuestionRepo

__all__ = ["erase_member", "export_member"]


async def erase_member(session: Any, tenant_id: int, member_id: int) -> None:
    await PostRepo(session, tenant_id).remove_by_author(member_id)
    await QuestionRepo(session, tenant_id).remove_member(member_id)


async def export_member(session: Any, tenant_id: int, member_id: int) -> dict[str, Any]:
    posts = await PostRepo(session, tenant_id).by_author(member_id)
    questions = QuestionRepo(session, tenant_id)
    return {
        "posts": [
            {
                "event": p.event_id,
                "channel": p.channel,
                "time": p.posted_at.isoformat(),
                "text": p.text,
                "section": p.section,
            }
            for p in posts
        ],
        "questions": [
            {
                "number": f"Q{q.id}",
                "event": q.event_id,
                "text": q.text,
                "anonymous": q.anonymous,
                "status": q.status,
                "time": q.created_at.isoformat(),
            }
            for q in await questions.by_asker(member_id)
        ],
        "votes": [f"Q{n}" for n in await questions.voted_by(member_id)],
    }
