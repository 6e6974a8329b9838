"""Suggestions while a member types an option: groups, open questions (only those the member
may see), the hashtags of running events, time zones, and the choices of a long list, read
from the core's data for the member's guild. Answered at once (Discord allows no deferral
for autocomplete), at most 25."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from functools import cache

from adapters.discord.options import OptionSource, option_sources
from bot.app import Core
from bot.commands.spec import ArgKind, CommandSpec
from bot.platform import Tenant
from bot.services.qa.visibility import Visibility
from bot.storage.repos import GroupRepo
from bot.storage.repos.events import EventRepo
from bot.storage.repos.qa import Filters, QARepo

__all__ = ["suggest"]

LIMIT = 25
#: Questions that still wait for an answer or an acceptance.
_WAITING = ("open", "answered")


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _matching(names: Iterable[str], typed: str) -> list[str]:
    """Names that start with what was typed first, then names that contain it."""
    low = typed.lower()
    names = list(names)
    starts = [n for n in names if n.lower().startswith(low)]
    inside = [n for n in names if low in n.lower() and n not in starts]
    return (starts + inside)[:LIMIT]


async def _groups(core: Core, tenant: Tenant) -> list[str]:
    tenant_id = await core.tenant_id(tenant)
    async with core.db.session() as s:
        return [g.name for g in await GroupRepo(s, tenant_id).all()]


async def _event_tags(core: Core, tenant: Tenant) -> list[str]:
    tenant_id = await core.tenant_id(tenant)
    async with core.db.session() as s:
        return [e.tag for e in await EventRepo(s, tenant_id).open_events(core.clock.now())]


async def _questions(core: Core, tenant: Tenant, user: str, typed: str) -> list[tuple[str, str]]:
    """Recent waiting Q&A questions the member may see, as ``Q12: text…``."""
    tenant_id = await core.tenant_id(tenant)
    visible = await Visibility(core).channels_for(tenant_id, user)
    async with core.db.session() as s:
        rows = await QARepo(s, tenant_id).recent(
            Filters(statuses=_WAITING, visible=visible), limit=100
        )
    wanted = typed.lower().lstrip("q#")
    found = []
    for q in rows:
        label = f"Q{q.number}: {q.text}"
        if not wanted or str(q.number).startswith(wanted) or wanted in q.text.lower():
            found.append((label if len(label) <= 100 else label[:99] + "…", f"Q{q.number}"))
    return found[:LIMIT]


def _choices(spec: CommandSpec, source: OptionSource) -> tuple[str, ...]:
    for flag in spec.flags:
        if flag.name == source.name and source.what == "flag":
            return flag.choices
    for arg in spec.args:
        if arg.name == source.name and source.what == "arg":
            return arg.choices
    return ()


async def suggest(
    core: Core, tenant: Tenant, user: str, spec: CommandSpec, option: str, typed: str
) -> list[tuple[str, str]]:
    """(label, value) pairs for the focused ``option`` given what ``user`` typed so far."""
    source = next((s for s in option_sources(spec) if s.option == option), None)
    if source is None:
        return []
    if source.kind is ArgKind.QUESTION:
        # Only Q&A numbers its questions in the qa capability; live events number their own.
        return await _questions(core, tenant, user, typed) if spec.name == "qa" else []
    # A repeated argument holds several values: complete the last one, keep the others.
    done, _, last = typed.rpartition(" ") if source.repeat else ("", "", typed)
    last = last.lstrip("#")
    names: list[str]
    if source.kind is ArgKind.GROUP:
        names = _matching(await _groups(core, tenant), last)
    elif source.kind is ArgKind.TAG and spec.name == "event" and spec.sub != "start":
        # A new event's tag is new; every other event command names a running one.
        names = _matching(await _event_tags(core, tenant), last)
    elif source.kind is ArgKind.TZ:
        names = _matching(_zones(), last)
    elif source.kind is ArgKind.CHOICE:
        names = _matching(_choices(spec, source), last)
    else:
        return []
    prefix = f"{done} " if done else ""
    return [(prefix + name, prefix + name) for name in names]
