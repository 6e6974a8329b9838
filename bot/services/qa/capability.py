"""Q&A threads: ``/ask``, ``/qa …``, Q&A channels, answers, acceptance, reminders, search.

``core.services["qa"]`` offers ``open_question`` to other capabilities (live events route
unanswered speaker questions through it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.services.qa import render
from bot.services.qa.answers import Answers
from bot.services.qa.commands import QACommands
from bot.services.qa.lifecycle import Lifecycle
from bot.services.qa.listeners import Listeners
from bot.services.qa.moderation import Moderation
from bot.services.qa.personal import Personal
from bot.services.qa.reminders import Reminders
from bot.services.qa.search import Search
from bot.services.qa.service import QAService
from bot.services.qa.specs import SPECS
from bot.services.qa.stats import Stats

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["setup"]


def setup(core: Core) -> None:
    service = QAService(core)
    answers = Answers(core)
    lifecycle = Lifecycle(core, service)
    commands = QACommands(core, service, lifecycle)
    search = Search(core, service.visibility)
    moderation = Moderation(core, service)
    stats = Stats(core, service.visibility)
    listeners = Listeners(core, service, answers, lifecycle)
    personal = Personal(core)
    core.services["qa"] = commands
    core.registry.declare(SPECS)
    core.registry.summary("qa", "Q&A knowledge base: search, list, accept, close, stats.")
    core.registry.bind(
        {
            "ask": commands.ask,
            "qa search": search.search,
            "qa list": search.list,
            "qa show": moderation.show,
            "qa accept": commands.accept,
            "qa close": commands.close,
            "qa reopen": commands.reopen,
            "qa endorse": moderation.endorse,
            "qa dissent": moderation.dissent,
            "qa flag": moderation.flag,
            "qa remove": moderation.remove,
            "qa reveal": moderation.reveal,
            "qa channel": commands.channel,
            "qa stats": stats.stats,
            "qa export": stats.export,
            "qa helper": stats.helper,
        }
    )
    core.hooks.on_message.append(listeners.on_message)
    core.hooks.on_edit.append(listeners.on_edit)
    core.hooks.on_delete.append(listeners.on_delete)
    core.hooks.on_reaction.append(listeners.on_reaction)
    core.hooks.action(render.ANSWERS, commands.answers_button)
    core.hooks.action(render.ASK_ANYWAY, commands.ask_anyway_button)
    core.hooks.action(render.ACCEPT, commands.accept_button)
    core.hooks.action(render.STILL_OPEN, commands.still_open_button)
    core.hooks.erasers.append(personal.erase)
    core.hooks.exporters["qa"] = personal.export
    core.hooks.home.append(personal.home)
    Reminders(core, service).register()
