"""The slash command or click being answered, carried to the core's work by a context
variable: the task the listener starts copies it, so that a private answer can use the
request's ``response_url`` (it reaches the member even where the bot is not in the channel)
and a click can replace or delete the very message it was on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["RESPONSE_URL_USES", "Interaction", "answering", "current"]

#: a response_url takes five messages within thirty minutes
RESPONSE_URL_USES = 5


@dataclass
class Interaction:
    """The slash command or click being answered: its ``response_url`` reaches the user
    even where the bot is not a member, and can replace or delete the clicked message."""

    workspace: str
    channel: str | None
    user: str
    response_url: str | None
    message_id: str | None = None
    uses: int = 0

    def usable(self, workspace: str, channel: str | None, user: str | None = None) -> bool:
        return (
            self.response_url is not None
            and self.uses < RESPONSE_URL_USES
            and self.workspace == workspace
            and self.channel == channel
            and (user is None or self.user == user)
        )


_ANSWERING: ContextVar[Interaction | None] = ContextVar("slack_interaction", default=None)


@contextmanager
def answering(interaction: Interaction) -> Iterator[None]:
    """Tasks started inside this block (the core's dispatch) answer ``interaction``."""
    token = _ANSWERING.set(interaction)
    try:
        yield
    finally:
        _ANSWERING.reset(token)


def current(workspace: str, channel: str | None, user: str | None = None) -> Interaction | None:
    """The interaction being answered, if it was in this place (and by this user)."""
    found = _ANSWERING.get()
    return found if found is not None and found.usable(workspace, channel, user) else None
