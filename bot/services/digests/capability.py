"""``/feed …`` and ``/digest …``: subscriptions, filters, status, why, catalog, digests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.commands import Arg, ArgKind, CommandSpec, Permission
from bot.errors import ConfigError
from bot.services.digests.articles import ArticleStore
from bot.services.digests.commands import FeedCommands
from bot.services.digests.digest import DAYS, PERIODS, Digests
from bot.services.digests.poller import FeedPoller
from bot.storage.repos.feeds import WorkspaceFeeds

if TYPE_CHECKING:
    from bot.app import Core

_GROUP = Arg("group", ArgKind.GROUP, required=False)
_PERIOD = Arg("period", ArgKind.CHOICE, required=False, choices=tuple(PERIODS))

SPECS = (
    CommandSpec(
        "feed",
        "add",
        "Follow a journal or conference feed in a group's channel (or this one).",
        args=(Arg("url", ArgKind.URL), _GROUP),
        permission=Permission.LEAD,
        examples=("/feed add https://www.nejm.org/action/showFeed?jc=nejm&type=etoc #cardiology",),
    ),
    CommandSpec("feed", "list", "The feeds this workspace follows.", permission=Permission.ANYONE),
    CommandSpec(
        "feed",
        "remove",
        "Stop following a feed (in a group's channel, or everywhere).",
        args=(Arg("id", ArgKind.INT), _GROUP),
        permission=Permission.LEAD,
    ),
    CommandSpec(
        "feed",
        "status",
        "Last success, failures, next try, last HTTP status and error of each feed.",
        args=(Arg("id", ArgKind.INT, required=False),),
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "feed",
        "why",
        "Why an article was or was not posted here.",
        args=(Arg("article", ArgKind.WORD, help="a link, DOI or PMID", max_len=2000),),
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "feed",
        "catalog",
        "Major journals' and conferences' feeds by specialty.",
        args=(Arg("specialty", required=False),),
        permission=Permission.ANYONE,
    ),
    CommandSpec(
        "feed",
        "filter",
        "Show, set or clear what a channel gets: AND/OR/NOT over title:, journal:, author:, "
        'type: and doi: (e.g. type:rct OR title:"heart failure"; title:/regex/).',
        args=(
            Arg("action", ArgKind.CHOICE, choices=("show", "set", "clear")),
            _GROUP,
            Arg("expression", ArgKind.TEXT, required=False),
        ),
        permission=Permission.LEAD,
        examples=("/feed filter set #cardiology type:rct OR type:guideline",),
    ),
    CommandSpec(
        "feed",
        "enable",
        "Turn a disabled feed back on (a lead of a group that follows it, or an admin).",
        args=(Arg("id", ArgKind.INT),),
        permission=Permission.MEMBER,
    ),
    CommandSpec(
        "digest",
        None,
        "The new articles of a group's feeds, since the last digest by default.",
        args=(_GROUP, _PERIOD),
        permission=Permission.ANYONE,
        bare_alias="show",
        examples=("/digest #cardiology week",),
    ),
    CommandSpec(
        "digest",
        "schedule",
        "Send a group's digest daily or weekly at a local time.",
        args=(
            Arg("group", ArgKind.GROUP),
            Arg("frequency", ArgKind.CHOICE, choices=("daily", "weekly")),
            Arg("day", ArgKind.CHOICE, required=False, choices=DAYS),
            Arg("time", ArgKind.TIME),
            Arg("tz", ArgKind.TZ, required=False),
        ),
        permission=Permission.LEAD,
        examples=("/digest schedule #cardiology daily 07:00 America/New_York",),
    ),
    CommandSpec(
        "digest",
        "unschedule",
        "Stop a group's scheduled digest.",
        args=(Arg("group", ArgKind.GROUP),),
        permission=Permission.LEAD,
    ),
)


def setup(core: Core) -> None:
    """Declare and bind the commands, the poll hooks, erasure and export."""
    poller = FeedPoller(core)
    try:
        poller.fetch_config().policy()  # a bad network in the config stops the start
    except ValueError as exc:
        raise ConfigError(f"config key feeds.allowed_networks: {exc}") from None
    digests = Digests(core)
    commands = FeedCommands(core, poller, digests)
    core.services["feeds"] = poller
    core.services["articles"] = ArticleStore(core)
    core.registry.declare(SPECS)
    core.registry.summary("feed", "Journal and conference feeds: add, list, status, why, filter.")
    core.registry.bind(
        {
            "feed add": commands.add,
            "feed list": commands.listing,
            "feed remove": commands.remove,
            "feed status": commands.status,
            "feed why": commands.why,
            "feed catalog": commands.catalog,
            "feed filter": commands.filter,
            "feed enable": commands.enable,
            "digest": commands.digest,
            "digest schedule": commands.schedule,
            "digest unschedule": commands.unschedule,
        }
    )

    async def poll_now() -> None:
        """Console ``! poll``: every enabled feed now."""
        await poller.poll_all()

    async def poll_due() -> None:
        """The periodic tick: the feeds that are due."""
        await poller.poll_due()

    async def start_polling() -> None:
        # Each feed keeps its own next-poll time; the tick only looks for those that are due.
        """Start the periodic tick once the core ticks."""
        core.scheduler.add_interval("feeds-poll", 60.0, poll_due)

    async def erase(session: Any, tenant_id: int, member_id: int) -> None:
        """Erasure: keep the member's subscriptions, filters, schedules; forget them."""
        await WorkspaceFeeds(session, tenant_id).forget_creator(member_id)

    async def export(session: Any, tenant_id: int, member_id: int) -> dict[str, Any]:
        """Export: the subscriptions, filters and schedules the member created."""
        return dict(await WorkspaceFeeds(session, tenant_id).created_by(member_id))

    core.hooks.on_poll.append(poll_now)
    core.hooks.on_start.append(start_polling)
    core.hooks.on_stop.append(poller.close)
    core.hooks.erasers.append(erase)
    core.hooks.exporters["feeds"] = export
