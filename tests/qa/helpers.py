"""Shared script lines and lookups for the Q&A tests."""

from __future__ import annotations

from typing import Any

#: Cardiology with three opted-in members (dave in quiet hours at 14:00 UTC: 10:00 in New
#: York), nephrology as its backup with one opted-in member. Eight user messages (1-8).
SETUP = """! now 2026-03-28T14:00:00Z
! role alice admin
@alice #cardiology: /group create cardiology
@alice #nephrology: /group create nephrology
@alice #cardiology: /group backup cardiology nephrology
@bob #cardiology: /group notify cardiology on
@carol #cardiology: /group notify cardiology on
@dave #cardiology: /profile set tz America/New_York quiet 08:00-12:00
@dave #cardiology: /group notify cardiology on
@erin #nephrology: /group notify nephrology on"""

#: the number of user messages SETUP takes
SETUP_MESSAGES = 8


def texts(actions: list[dict[str, Any]], **match: Any) -> list[str]:
    """The texts of the actions whose keys equal ``match``."""
    return [a["text"] for a in actions if all(a.get(k) == v for k, v in match.items())]


def one(actions: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [a for a in actions if all(a.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, actions)
    return found[0]
