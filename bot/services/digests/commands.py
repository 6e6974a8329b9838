"""Handlers of ``/feed …`` and ``/digest …``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Field, Item, Reply, Section
from bot.errors import NotFound, PermissionDenied, UsageError
from bot.services.digests.digest import PERIODS, Digests, cron_for
from bot.services.digests.filters import parse_filter
from bot.services.digests.poller import FeedPoller
from bot.services.digests.render import doi_link, scrubbed, status_reply
from bot.storage.models.feeds import FeedSource
from bot.storage.repos import GroupRepo, MemberRepo
from bot.storage.repos.feeds import FeedRepo, WorkspaceFeeds
from feeds.catalog import catalog
from feeds.ids import doi_from_identifier, pmid_from_identifier, pmid_from_url
from feeds.links import canonical_link

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["FeedCommands"]

_EXPLAIN = {
    "posted": "posted",
    "filtered": "not posted: filtered out",
    "capped": "not posted: too many new articles in one poll (it is in the digest)",
    "failed": "not posted: the platform refused the post",
}


def _explain(outcome: str, detail: str | None, others: list[int]) -> str:
    """Why an article with a record in a channel was (not) posted there."""
    text = _EXPLAIN.get(outcome, outcome)
    if detail and outcome in ("filtered", "posted"):
        text += f" ({detail})"
    if outcome == "posted" and others:
        listed = ", ".join(str(i) for i in others)
        plural = "s" if len(others) > 1 else ""
        text += f"; also in feed{plural} {listed}: duplicates are not posted"
    return text


#: Filter operators the argument parser may take for an optional group name.
_OPERATORS = frozenset({"not", "and", "or"})


def _unrecorded(carried_since: datetime, followed_since: datetime) -> str:
    """Why an article of a feed a channel follows has no record there."""
    if carried_since < followed_since:
        return "not posted: old — the feed had it before this channel followed it"
    return "not posted: old — it came with the feed's first poll (baseline, in the digest)"


class FeedCommands:
    """The handlers; each returns a reply or raises a user-facing error."""

    def __init__(self, core: Core, poller: FeedPoller, digests: Digests) -> None:
        self.core = core
        self.poller = poller
        self.digests = digests

    async def _channel(self, ctx: Ctx, group: str | None) -> tuple[str, int | None]:
        """The channel a group's feeds post to (its home channel), else where the command ran."""
        if group is None:
            if ctx.channel is None:
                raise UsageError("name a #group, or run this in a channel")
            return ctx.channel, None
        async with self.core.db.session() as s:
            info = await GroupRepo(s, ctx.tenant_id).get(group)
        if info is None:
            raise NotFound(f"No group named {group}. See /group list.")
        channel = info.home_channel or ctx.channel
        if channel is None:
            raise UsageError(f"{group} has no home channel: run this in a channel")
        return channel, info.id

    async def add(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed add URL [#group]``: subscribe the group's home channel (or this one)."""
        url = args.text("url")
        channel, group_id = await self._channel(ctx, args.opt("group"))
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            src, _new = await FeedRepo(s).ensure_source(url, now)
            added = await WorkspaceFeeds(s, ctx.tenant_id).subscribe(
                src.id, group_id, channel, ctx.member.id, now
            )
        if not added:
            return Reply.of(f"#{channel} already follows feed {src.id}.", private=True)
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "feed.add", f"{src.id}>{channel}"
        )
        return Reply.of(
            f"Following feed {src.id} in #{channel}: {url}\nThe first poll sets a baseline "
            "(older articles are not posted); new ones arrive here and in /digest."
        )

    async def listing(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed list``: the workspace's subscriptions."""
        async with self.core.db.session() as s:
            subs = await WorkspaceFeeds(s, ctx.tenant_id).subscriptions()
        if not subs:
            return Reply.of("No feeds yet. See /feed catalog, then /feed add URL #group.")
        items = tuple(
            Item(
                f"{src.id}. {src.title or src.url}",
                src.url,
                f"#{sub.channel}" + (f" · {group}" if group else "") + f" · {src.state}",
            )
            for sub, src, group in subs
        )
        reply = Reply(text=f"{len(subs)} subscriptions", sections=(Section(items=items),))
        return scrubbed(reply, self.core.gate)

    async def remove(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed remove ID [#group]``: unsubscribe one channel, or every channel."""
        feed_id = args.number("id")
        channel = (await self._channel(ctx, args.opt("group")))[0] if args.opt("group") else None
        async with self.core.db.session() as s:
            removed = await WorkspaceFeeds(s, ctx.tenant_id).unsubscribe(feed_id, channel)
        if not removed:
            raise NotFound(f"No subscription to feed {feed_id} here. See /feed list.")
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "feed.remove", str(feed_id))
        return Reply.of(
            f"Stopped following feed {feed_id}" + (f" in #{channel}." if channel else ".")
        )

    async def _workspace_sources(self, ctx: Ctx) -> dict[int, tuple[FeedSource, list[str]]]:
        """The feeds this workspace follows, with the channels that follow each."""
        async with self.core.db.session() as s:
            subs = await WorkspaceFeeds(s, ctx.tenant_id).subscriptions()
        out: dict[int, tuple[FeedSource, list[str]]] = {}
        for sub, src, _group in subs:
            out.setdefault(src.id, (src, []))[1].append(sub.channel)
        return out

    async def status(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed status [ID]``: one card per feed the workspace follows."""
        wanted = args.opt_number("id")
        sources = await self._workspace_sources(ctx)
        if wanted is not None:
            if wanted not in sources:
                raise NotFound(f"No feed {wanted} here. See /feed list.")
            sources = {wanted: sources[wanted]}
        async with self.core.db.session() as s:
            counts = await FeedRepo(s).item_counts()
        reply = status_reply([(src, counts.get(fid, 0), ch) for fid, (src, ch) in sources.items()])
        return scrubbed(reply, self.core.gate)

    async def why(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed why LINK|DOI|PMID``: why an article was (not) posted in each channel here."""
        text = args.text("article").strip("<>")
        doi = doi_from_identifier(text)
        pmid = None
        if doi is None:
            pmid = pmid_from_identifier(text) or pmid_from_url(text)
            pmid = pmid or (text if text.isdigit() else None)
        link = None if doi or pmid else canonical_link(text)
        async with self.core.db.session() as s:
            repo = FeedRepo(s)
            art = await repo.find_article(doi=doi, pmid=pmid, link=link)
            if art is None:
                return Reply.of(
                    "Rounds has not seen that article in any feed it polls.", private=True
                )
            mine = WorkspaceFeeds(s, ctx.tenant_id)
            records = await mine.records(art.id)
            subs = await mine.subscriptions()
            sources = await repo.sources_of(art.id)
        carried = {feed_id: at for feed_id, _url, at in sources}
        # The feeds that brought it after the first one: their copies are duplicates.
        later = [feed_id for feed_id, _url, _at in sources][1:]
        fields = [Field(f"#{r.channel}", _explain(r.outcome, r.detail, later)) for r in records]
        seen = {r.channel for r in records}
        for sub, _src, _group in subs:
            if sub.channel in seen or sub.feed_id not in carried:
                continue
            seen.add(sub.channel)
            fields.append(
                Field(f"#{sub.channel}", _unrecorded(carried[sub.feed_id], sub.created_at))
            )
        if not fields:
            fields.append(Field("here", "not posted: no channel here follows a feed that has it"))
        feeds_line = "From feed" + ("s " if len(sources) > 1 else " ")
        feeds_line += ", ".join(f"{i} ({url})" for i, url, _ in sources)
        reply = Reply(
            text=f"Why: {art.title}",
            sections=(Section(text=f"{doi_link(art) or ''}\n{feeds_line}", fields=tuple(fields)),),
        )
        return scrubbed(reply, self.core.gate).as_private()

    async def catalog(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed catalog [specialty]``: the bundled catalog, by specialty."""
        specialty = args.opt("specialty")
        entries = catalog(specialty)
        if not entries:
            raise NotFound(f"No catalog entries for {specialty}. Try /feed catalog.")
        by_spec: dict[str, list[Item]] = {}
        for e in entries:
            by_spec.setdefault(e.specialty, []).append(Item(e.name, e.url, str(e.kind)))
        sections = tuple(Section(title=k, items=tuple(v)) for k, v in by_spec.items())
        return Reply(
            text="Feed catalog — add one with /feed add URL #group", sections=sections
        ).as_private()

    async def filter(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed filter show|set|clear [#group] [EXPRESSION]``."""
        action = args.text("action")
        group, expression = args.opt("group"), args.opt("expression")
        if (
            group is not None
            and (action == "set" or group in _OPERATORS)
            and not await self._group_exists(ctx, group)
        ):
            # `/feed filter set NOT type:erratum`: the parser took the first word for the
            # optional group name; as no such group exists, it begins the expression.
            word = group.upper() if group in _OPERATORS else group
            expression = f"{word} {expression or ''}".strip()
            group = None
        channel, _ = await self._channel(ctx, group)
        now = self.core.clock.now()
        if action == "show":
            async with self.core.db.session() as s:
                current = await WorkspaceFeeds(s, ctx.tenant_id).filter(channel)
            if expression:
                raise UsageError("show takes no expression")
            return Reply.of(f"#{channel} filter: {current or 'none (everything)'}", private=True)
        if action == "set":
            if not expression:
                raise UsageError("give the filter expression")
            try:
                parse_filter(expression)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        elif expression:
            raise UsageError("clear takes no expression")
        async with self.core.db.session() as s:
            await WorkspaceFeeds(s, ctx.tenant_id).set_filter(
                channel, expression if action == "set" else None, ctx.member.id, now
            )
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, f"feed.filter.{action}", channel)
        return Reply.of(
            f"#{channel} now gets only: {expression}"
            if action == "set"
            else f"#{channel} gets every article again."
        )

    async def _group_exists(self, ctx: Ctx, name: str) -> bool:
        async with self.core.db.session() as s:
            return await GroupRepo(s, ctx.tenant_id).get(name) is not None

    async def enable(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/feed enable ID``: turn a disabled feed back on."""
        feed_id = args.number("id")
        async with self.core.db.session() as s:
            subs = await WorkspaceFeeds(s, ctx.tenant_id).subscriptions()
        groups = {group for sub, _src, group in subs if sub.feed_id == feed_id}
        if not any(sub.feed_id == feed_id for sub, _src, _group in subs):
            raise NotFound(f"No feed {feed_id} here. See /feed list.")
        # The spec lets members through: the feed, not an argument, names the groups whose
        # leads may turn it back on.
        roles = set(ctx.member.roles)
        if "admin" not in roles and not any(f"lead:{g}" in roles for g in groups if g):
            raise PermissionDenied(
                "only a lead of a group that follows it, or an admin, can do that"
            )
        async with self.core.db.session() as s:
            await FeedRepo(s).update_source(
                feed_id, state="ok", failures=0, last_error=None, next_poll=self.core.clock.now()
            )
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "feed.enable", str(feed_id))
        return Reply.of(f"Feed {feed_id} is on again; it is polled at the next tick.")

    async def digest(self, ctx: Ctx, args: ParsedArgs) -> Reply | None:
        """``/digest [#group] [day|week|month]``: the digest, posted where asked."""
        group = args.opt("group")
        channel, _ = await self._channel(ctx, group)
        period = args.opt("period")
        since = self.core.clock.now() - PERIODS[period] if period else None
        title = f"Digest for {group or '#' + channel}"
        reply, now = await self.digests.build(ctx.tenant_id, channel, title, since)
        if ctx.channel is None:
            return reply
        # "Since the last digest" is per channel: only a digest posted in the channel whose
        # feeds it covers moves that mark (one asked for elsewhere is a look, not a digest).
        mark = channel if ctx.channel == channel and since is None else None
        await self.digests.deliver(ctx.out, ctx.tenant_id, ctx.channel, reply, now, mark=mark)
        return None

    async def schedule(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/digest schedule #group daily|weekly [DAY] HH:MM [TZ]``."""
        group, frequency = args.text("group"), args.text("frequency")
        day = args.opt("day")
        if frequency == "weekly" and day is None:
            raise UsageError("a weekly digest needs a day (mon … sun)")
        if frequency == "daily" and day is not None:
            raise UsageError("a daily digest takes no day")
        tz = args.opt("tz") or await self._member_tz(ctx) or "UTC"
        channel, _ = await self._channel(ctx, group)
        cron = cron_for(frequency, args.text("time"), day)
        period = "day" if frequency == "daily" else "week"
        first = await self.digests.schedule(
            ctx.tenant_id, channel, f"Digest for {group}", cron, tz, period, by=ctx.member.id
        )
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "digest.schedule", f"{group} {cron} {tz}"
        )
        when = f"{frequency}{' on ' + day if day else ''} at {args.text('time')} {tz}"
        return Reply.of(
            f"{group}'s digest goes to #{channel} {when}; first on {first:%Y-%m-%d %H:%M} UTC."
        )

    async def _member_tz(self, ctx: Ctx) -> str | None:
        async with self.core.db.session() as s:
            profile = await MemberRepo(s, ctx.tenant_id).profile(ctx.member.id)
        return profile.tz if profile else None

    async def unschedule(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """``/digest unschedule #group``."""
        group = args.text("group")
        channel, _ = await self._channel(ctx, group)
        if not await self.digests.unschedule(ctx.tenant_id, channel):
            raise NotFound(f"{group} has no scheduled digest.")
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "digest.unschedule", group)
        return Reply.of(f"{group}'s scheduled digest is stopped.")
