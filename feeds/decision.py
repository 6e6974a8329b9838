"""decide: the pure step between a poll outcome and what the poller stores.

``decide(outcome, failures=…, now=…, rand=…)`` returns a :class:`Decision` holding exactly
what ``rounds feeds status`` shows (state, last status, last error, consecutive failures,
next poll) plus the validators to keep and whether the feed has just been disabled (post a
notice to the channel). No clock, no randomness and no I/O of its own: both are passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, TypeAlias

from .model import Failed, Polled, PollOutcome
from .schedule import PollTiming, next_poll

__all__ = ["DISABLE_AFTER", "Decision", "FeedStateName", "decide"]

#: Consecutive failures after which a feed is disabled.
DISABLE_AFTER = 10

FeedStateName: TypeAlias = Literal["ok", "failing", "disabled"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to store for a feed after one poll.

    ``url`` is the address to poll from now on (a permanent redirect's target, else the
    same); ``etag``/``last_modified``/``body_hash`` are the validators for the next request
    (kept from before when the poll failed); ``next_poll`` is None once disabled.
    """

    url: str
    state: FeedStateName
    failures: int
    last_status: int | None
    last_error: str | None
    next_poll: datetime | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    just_disabled: bool = False


def decide(
    outcome: PollOutcome,
    *,
    failures: int,
    now: datetime,
    rand: Callable[[], float],
    base_interval: float = PollTiming.BASE,
    disable_after: int = DISABLE_AFTER,
    previous: tuple[str | None, str | None, str | None] = (None, None, None),
) -> Decision:
    """The decision for one outcome; ``failures`` is the count *before* this poll.

    ``previous`` is the stored ``(etag, last_modified, body_hash)``, kept when the poll
    failed.
    """
    if isinstance(outcome, Failed):
        count = failures + 1
        disabled = count >= disable_after
        delay = next_poll(
            failures=count, base_interval=base_interval, retry_after=outcome.retry_after,
            rand=rand,
        )  # fmt: skip
        return Decision(
            url=outcome.url,
            state="disabled" if disabled else "failing",
            failures=count,
            last_status=outcome.status,
            last_error=outcome.error,
            next_poll=None if disabled else now + timedelta(seconds=delay),
            etag=previous[0],
            last_modified=previous[1],
            body_hash=previous[2],
            just_disabled=disabled and failures < disable_after,
        )
    delay = next_poll(failures=0, base_interval=base_interval, max_age=outcome.max_age, rand=rand)
    url = outcome.url
    if isinstance(outcome, Polled) and outcome.permanent_redirect:
        url = outcome.permanent_redirect
    return Decision(
        url=url,
        state="ok",
        failures=0,
        last_status=outcome.status,
        last_error=None,
        next_poll=now + timedelta(seconds=delay),
        etag=outcome.etag,
        last_modified=outcome.last_modified,
        body_hash=outcome.body_hash,
    )
