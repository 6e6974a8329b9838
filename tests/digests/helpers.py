"""Shared lines, lookups and a gate for the digests tests."""

from __future__ import annotations

from typing import Any

from bot.services.privacy.findings import detect

#: An admin, a lead of cardiology, and two groups whose home channels get the feeds.
SETUP = """! role alice admin
@alice #cardiology: /group create cardiology
@alice #research: /group create research
! role bob lead:cardiology"""


def _matches(action: dict[str, Any], match: dict[str, Any]) -> bool:
    """Keys equal the given values; ``text`` matches as a substring."""
    return all(
        value in action["text"] if key == "text" else action.get(key) == value
        for key, value in match.items()
    )


def texts(actions: list[dict[str, Any]], **match: Any) -> list[str]:
    """The texts of the actions that match (``text`` as a substring)."""
    return [a["text"] for a in actions if _matches(a, match)]


def one(actions: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    """The single action that matches (``text`` as a substring)."""
    found = [a for a in actions if _matches(a, match)]
    assert len(found) == 1, (match, actions)
    return found[0]


def posts(actions: list[dict[str, Any]], channel: str) -> list[str]:
    """The top-level messages in ``channel``."""
    return [
        a["text"]
        for a in actions
        if a["kind"] == "message" and a["channel"] == "#" + channel and a["thread"] is None
    ]


class DetectorGate:
    """The privacy detector as a gate's ``scrub``, for tests that store or show feed text
    without a running core."""

    def scrub(self, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` redacted, and the kinds found."""
        found, redacted, _ = detect(text)
        return redacted, found.kinds
