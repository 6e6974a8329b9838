"""After ``/event stop``: unanswered speaker questions become Q&A questions in the matching
specialty group, and the organizer gets one summary by DM. Runs as a job, so that it happens
once, across restarts too: each question is claimed before it is routed, and the DM is marked
before it is sent."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.domain.reply import Field, Reply, Section
from bot.outbox import fan_out
from bot.scheduler import JobRun
from bot.services.events.reports import EventData, Reports
from bot.services.events.similarity import tokens
from bot.services.events.times import when
from bot.storage.repos import GroupRepo, MemberRepo
from bot.storage.repos.events import EventInfo, EventRepo, QuestionInfo, QuestionRepo, SessionInfo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Wrapup"]

log = logging.getLogger(__name__)


class Wrapup:
    def __init__(self, core: Core, reports: Reports) -> None:
        self.core = core
        self.reports = reports

    async def run(self, run: JobRun) -> None:
        tenant_id, event_id = run.tenant_id, int(run.payload["event"])
        async with self.core.db.session() as s:
            event = await EventRepo(s, tenant_id).get(event_id)
        if event is None:
            return
        data = await self.reports.load(tenant_id, event)
        routed, failed, groups = await self._route(tenant_id, data)
        qa_missing = "qa" not in self.core.services
        if not await run.mark_sent():
            return
        out = await self.core.outbox_for(tenant_id)
        figures = data.stats()
        reach = await self.reports.channels.reach(out, {c for c, _ in figures.channels})
        peak = figures.peak
        fields = [
            Field("Posts", f"{figures.posts} ({figures.replies} replies)"),
            Field("Participants", str(figures.participants)),
            Field("Channels", f"{len(figures.channels)} (reach {reach})"),
            Field("Peak hour", f"{peak[0]:%Y-%m-%d %H:00} ({peak[1]})" if peak else "none"),
            Field("Speaker questions", f"{figures.questions} ({figures.answered} answered)"),
        ]
        if qa_missing and failed:
            fields.append(Field("Unanswered questions", f"{failed} (Q&A is not set up here)"))
        elif routed or failed:
            where = f" ({', '.join(groups)})" if groups else ""
            note = f"{routed} routed to Q&A{where}"
            if failed:
                note += f", {failed} could not be routed"
            fields.append(Field("Unanswered questions", note))
        assert event.post_until is not None
        reply = Reply(
            text=f"#{event.tag} has ended. Here is its summary.",
            sections=(Section(fields=tuple(fields)),),
            context=f"Tagged posts until {when(event.post_until, event.tz)} go to the "
            f"post-event section. Transcript: /event export #{event.tag} --format md",
        )
        async with self.core.db.session() as s:
            members = MemberRepo(s, tenant_id)
            people = [await members.by_id(m) for m in {event.created_by, event.stopped_by} if m]
        users = sorted({p.user_id for p in people if p is not None})
        await fan_out(users, lambda user: out.dm(user, reply), "event summary")

    async def _route(self, tenant_id: int, data: EventData) -> tuple[int, int, list[str]]:
        """Open Q&A questions for the open speaker questions; (routed, failed, groups)."""
        todo = [q for q in data.questions if q.status == "open" and not q.routed]
        if not todo:
            return 0, 0, []
        qa: Any = self.core.services.get("qa")
        if qa is None:
            log.warning(
                "event %s: no Q&A service, %d questions not routed", data.event.id, len(todo)
            )
            return 0, len(todo), []
        sessions = {s.id: s for s in data.sessions}
        routed, failed, used = 0, 0, []
        for q in todo:
            session = sessions[q.session_id]
            groups, channel = await self._groups(tenant_id, data.event, session, q)
            async with self.core.db.session() as s:
                if not await QuestionRepo(s, tenant_id).mark_routed(q.id):
                    continue
            text = f"{q.text}\n(From #{data.event.tag}_{session.code} “{session.title}”.)"
            try:
                ref = await qa.open_question(
                    tenant_id,
                    text,
                    groups,
                    channel=channel,
                    asker_member_id=q.asker_id,
                    anonymous=q.anonymous,
                    source="event",
                )
            except Exception as exc:  # one failing question must not stop the others
                log.warning("event question %s not routed: %s", q.id, type(exc).__name__)
                async with self.core.db.session() as s:
                    await QuestionRepo(s, tenant_id).unmark_routed(q.id)
                failed += 1
                continue
            routed += 1
            used += [g for g in groups if g not in used]
            if ref is not None:
                async with self.core.db.session() as s:
                    await QuestionRepo(s, tenant_id).set_qa_ref(q.id, str(ref))
        return routed, failed, used

    async def _groups(
        self, tenant_id: int, event: EventInfo, session: SessionInfo, q: QuestionInfo
    ) -> tuple[list[str], str]:
        """The specialty group(s) for a question, and the channel to open it in.

        The session's ``--group``, else the event's; else the groups whose home channel is
        the session's or the event's channel; else groups named in the title or question."""
        async with self.core.db.session() as s:
            groups = await GroupRepo(s, tenant_id).all()
        homes = {g.name: g.home_channel for g in groups}
        named = session.group_name or event.group_name
        if named:
            chosen = [named]
        else:
            chosen = [
                g.name for g in groups if g.home_channel == session.channel and session.channel
            ]
            chosen = chosen or [g.name for g in groups if g.home_channel == event.channel]
            if not chosen:
                words = tokens(f"{session.title} {q.text}")
                chosen = [
                    g.name
                    for g in groups
                    if (name := tokens(g.name.replace("-", " "))) and name <= words
                ]
        home = next((homes[name] for name in chosen if homes.get(name)), None)
        return chosen, home or event.channel
