"""bolt listeners: acknowledge at once, translate, hand the event to the core.

Every listener acks first and lets the core work in a tracked task (``core.spawn``), so that
Slack gets its answer within three seconds whatever the work takes, and shutdown finishes it.
Every event the manifest subscribes to has a listener, and catch-alls acknowledge anything
else: an unhandled request would be answered 404, which Slack retries. Nothing here logs a
payload; only ids and kinds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.response import BoltResponse

from adapters.slack.events import (
    action_events,
    command_event,
    member_joined_event,
    message_event,
    reaction_event,
    shortcut_event,
)
from adapters.slack.interaction import Interaction, answering
from adapters.slack.members import SlackMembers
from adapters.slack.platform import SlackPlatform
from adapters.slack.tokens import TokenSource
from bot.platform import Event, Tenant

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["SUBSCRIBED_EVENTS", "register"]

log = logging.getLogger(__name__)

#: the bot events of the manifest, each with a listener below
SUBSCRIBED_EVENTS = (
    "app_home_opened",
    "app_uninstalled",
    "member_joined_channel",
    "member_left_channel",
    "message.channels",
    "message.groups",
    "message.im",
    "message.mpim",
    "reaction_added",
    "reaction_removed",
    "tokens_revoked",
)

Ack = Callable[..., Awaitable[None]]
Body = dict[str, Any]


def _tenant(context: AsyncBoltContext) -> Tenant:
    return Tenant("slack", str(context.team_id or context.enterprise_id or ""))


async def _guarded(work: Awaitable[None], what: str) -> None:
    """Run follow-up work that is not a core event; failures are logged by kind only."""
    try:
        await work
    except Exception as exc:  # one failed home view must not reach bolt's body-logging handler
        log.error("%s failed: %s", what, type(exc).__name__)


def register(
    app: AsyncApp,
    core: Core,
    platform: SlackPlatform,
    tokens: TokenSource,
    members: SlackMembers,
    prefix: str,
) -> None:
    """Attach every listener of Rounds to ``app``."""

    async def acting(event: Event) -> None:
        """A command or a click: its author may be new to Rounds (time zone, admin)."""
        try:
            await members.first_sight(event.tenant.workspace, event.user)
        except Exception as exc:  # the command still runs, with what Rounds knows
            log.warning("Slack member set-up failed: %s", type(exc).__name__)
        await core.dispatch(event)

    def dispatch(event: Event | None, what: str, interaction: Interaction | None = None) -> None:
        if event is None:
            return
        if interaction is None:
            core.spawn(core.dispatch(event), what)
            return
        with answering(interaction):  # the task copies the context: it answers this request
            core.spawn(acting(event), what)

    async def on_command(ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        await ack()
        tenant = _tenant(context)
        event = command_event(tenant, body, prefix)
        if event is not None:
            interaction = Interaction(
                tenant.workspace, event.channel, event.user, body.get("response_url")
            )
            dispatch(event, "slack command", interaction)

    async def on_action(ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        await ack()
        tenant = _tenant(context)
        for event in action_events(tenant, body):
            interaction = Interaction(
                tenant.workspace,
                event.channel,
                event.user,
                body.get("response_url"),
                message_id=event.message_id,
            )
            dispatch(event, "slack button", interaction)

    async def on_shortcut(ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        await ack()
        tenant = _tenant(context)
        event = shortcut_event(tenant, body)
        if event is not None:
            interaction = Interaction(
                tenant.workspace, event.channel, event.user, body.get("response_url")
            )
            dispatch(event, "slack shortcut", interaction)

    async def on_message(body: Body, context: AsyncBoltContext) -> None:
        dispatch(message_event(_tenant(context), body), "slack message")

    async def on_reaction_added(body: Body, context: AsyncBoltContext) -> None:
        dispatch(reaction_event(_tenant(context), body, added=True), "slack reaction")

    async def on_reaction_removed(body: Body, context: AsyncBoltContext) -> None:
        dispatch(reaction_event(_tenant(context), body, added=False), "slack reaction")

    async def on_member_joined(body: Body, context: AsyncBoltContext) -> None:
        tenant = _tenant(context)
        platform.directory.forget_members(tenant.workspace, str(body["event"].get("channel")))
        if body["event"].get("user") != context.bot_user_id:  # the bot's own joins are no news
            dispatch(member_joined_event(tenant, body), "slack join")

    async def on_member_left(body: Body, context: AsyncBoltContext) -> None:
        tenant = _tenant(context)
        platform.directory.forget_members(tenant.workspace, str(body["event"].get("channel")))

    async def on_home_opened(body: Body, context: AsyncBoltContext) -> None:
        event = body["event"]
        if event.get("tab") == "home" and event.get("user"):
            work = _publish_home(core, platform, _tenant(context), str(event["user"]))
            core.spawn(_guarded(work, "App Home"), "slack home")

    async def on_uninstalled(context: AsyncBoltContext) -> None:
        await tokens.revoke(_tenant(context).workspace)

    async def on_tokens_revoked(body: Body, context: AsyncBoltContext) -> None:
        if (body["event"].get("tokens") or {}).get("bot"):
            await tokens.revoke(_tenant(context).workspace)

    async def acknowledge(ack: Ack) -> None:
        await ack()

    async def ignore() -> None:
        """An event Rounds does not subscribe to: 200, so that Slack does not retry it."""

    app.command(re.compile(r"^/"))(on_command)
    app.block_action(re.compile(".*"))(on_action)
    app.shortcut(re.compile(r"^rounds:"))(on_shortcut)
    app.event("message")(on_message)
    app.event("reaction_added")(on_reaction_added)
    app.event("reaction_removed")(on_reaction_removed)
    app.event("member_joined_channel")(on_member_joined)
    app.event("member_left_channel")(on_member_left)
    app.event("app_home_opened")(on_home_opened)
    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)
    app.event(re.compile(".*"))(ignore)
    app.shortcut(re.compile(".*"))(acknowledge)
    app.action(re.compile(".*"))(acknowledge)
    app.view(re.compile(".*"))(acknowledge)
    app.options(re.compile(".*"))(acknowledge)
    app.error(_on_error)


async def _publish_home(core: Core, platform: SlackPlatform, tenant: Tenant, user: str) -> None:
    info = await platform.resolve_user(tenant.workspace, user)
    reply = await core.home_view(tenant, user, info.name if info else user)
    await platform.publish_home(tenant.workspace, user, reply)


async def _on_error(error: Exception, response: BoltResponse | None) -> None:
    """bolt's own handlers log the request body; this one logs the kind of failure only."""
    if isinstance(error, BoltUnhandledRequestError):
        log.warning("Slack sent a request Rounds has no listener for")
        if response is not None:
            response.status = 200  # acknowledged, so that Slack does not retry it
        return
    log.error("Slack request failed: %s", type(error).__name__)
