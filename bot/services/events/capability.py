"""Wiring of the events capability: commands, message hooks, buttons, jobs, erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.services.events.active import ActiveEvents
from bot.services.events.channels import ChannelDirectory
from bot.services.events.erasure import erase_member, export_member
from bot.services.events.gather import Gatherer
from bot.services.events.mirror import FLUSH, RELEASE, Mirror
from bot.services.events.questions import Questions
from bot.services.events.render import VOTE
from bot.services.events.reports import Reports
from bot.services.events.service import WRAPUP, EventsService
from bot.services.events.sessions import Sessions
from bot.services.events.specs import SPECS
from bot.services.events.wrapup import Wrapup
from bot.services.events.writer import PostWriter

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["setup"]


def setup(core: Core) -> None:
    """Register everything the events capability adds to the core."""
    channels = ChannelDirectory()
    active = ActiveEvents(core.db, core.clock)
    mirror = Mirror(core, channels)
    gatherer = Gatherer(core, active, mirror, channels, PostWriter(core))
    service = EventsService(core, active, channels)
    sessions = Sessions(core, active, channels)
    questions = Questions(core)
    reports = Reports(core, channels)
    wrapup = Wrapup(core, reports)
    core.services["events"] = service

    core.registry.declare(SPECS)
    core.registry.summary("event", "Live-event hashtags: threads, sessions, speaker questions.")
    core.registry.bind(
        {
            "event start": service.start,
            "event session": sessions.add,
            "event list": sessions.list,
            "event stop": service.stop,
            "event optin": service.optin,
            "event ask": questions.ask,
            "event questions": questions.list,
            "event answer": questions.answer,
            "event hide": questions.hide,
            "event merge": questions.merge,
            "event stats": reports.stats,
            "event export": reports.export,
        }
    )

    core.hooks.on_message.append(gatherer.on_message)
    core.hooks.on_edit.append(gatherer.on_edit)
    core.hooks.on_delete.append(gatherer.on_delete)
    core.hooks.on_reaction.append(questions.on_reaction)
    core.hooks.action(VOTE, questions.vote_button)
    core.hooks.action("event-answered", questions.answered_button)
    core.hooks.action("event-hide", questions.hide_button)
    core.hooks.action("event-merge", questions.merge_button)
    core.hooks.erasers.append(erase_member)
    core.hooks.exporters["events"] = export_member

    core.scheduler.register(FLUSH, mirror.flush)
    core.scheduler.register(RELEASE, mirror.release)
    core.scheduler.register(WRAPUP, wrapup.run)
