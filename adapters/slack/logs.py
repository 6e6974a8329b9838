"""The logger handed to slack_bolt and slack_sdk: no request body or token ever leaves it.

Both libraries format payloads into their messages (bolt: a refused request at INFO, an
unhandled one at WARNING; slack_sdk: every request and response at DEBUG when its logger's own
level allows it; the Socket Mode client: every envelope). A filter cannot take the payload out
of an f-string, so it keeps the message's leading phrase only (up to the first bracket, brace
or colon), masks anything token-shaped, and reduces an exception to its type name. The
logger's explicit level (WARNING) also stops slack_sdk's DEBUG dumps from being built at all.
"""

from __future__ import annotations

import logging
import re

__all__ = ["LIB_LOGGER", "BodylessFilter", "library_logger", "mask_tokens"]

LIB_LOGGER = "rounds.slack.lib"

_TOKEN = re.compile(r"\b(?:xox[abeoprs]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+")
_CUT = re.compile(r"[({\[:]")
_MAX = 160


def mask_tokens(text: str) -> str:
    """Replace every Slack-token-shaped run (``xoxb-…``, ``xapp-…``) by its prefix only."""
    return _TOKEN.sub(lambda m: m.group(0).split("-", 1)[0] + "-***", text)


class BodylessFilter(logging.Filter):
    """Rewrites each record to its leading phrase; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        head = message.split("\n", 1)[0]
        cut = _CUT.search(head)
        if cut is not None:
            head = head[: cut.start()]
        head = mask_tokens(head.strip())[:_MAX] or "(message withheld)"
        if record.exc_info and record.exc_info[1] is not None:
            head += f" [{type(record.exc_info[1]).__name__}]"
        record.msg, record.args = head, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


_FILTER = BodylessFilter()


def library_logger() -> logging.Logger:
    """The one logger given to AsyncApp, the Web API clients and the Socket Mode client.

    bolt copies its level and filters onto every child logger it creates from it, so the
    filter reaches bolt's middleware loggers too."""
    logger = logging.getLogger(LIB_LOGGER)
    logger.setLevel(logging.WARNING)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger
