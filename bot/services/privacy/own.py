"""Where a command's arguments state the member's own identity, which is no patient's: the
name in ``/profile set name "…"`` and the NPI given to ``/profile verify`` (a physician's own
NPI is a hard negative; bare, the detector would take it for a record number)."""

from __future__ import annotations

from bot.commands.parse import Tokens
from bot.commands.spec import CommandSpec
from bot.errors import UsageError
from bot.services.profiles.npi import npi_valid

__all__ = ["Exemption", "own_identity"]

#: (start, end, the one kind excused there, or None for any kind)
Exemption = tuple[int, int, str | None]


def _pairs(tokens: Tokens, field: str) -> list[Exemption]:
    spans: list[Exemption] = []
    while (key := tokens.next()) is not None and (value := tokens.next()) is not None:
        if not key.quoted and key.value.lower() == field:
            spans.append((value.start, value.end, "NAME"))
    return spans


def own_identity(spec: CommandSpec, args: str) -> list[Exemption]:
    """Spans of ``args`` (the text after the subcommand) that are the member's own."""
    if spec.key not in ("profile set", "profile verify"):
        return []
    tokens = Tokens(args)
    try:
        if spec.key == "profile set":
            return _pairs(tokens, "name")
        npi = tokens.next()
        # Only ten digits with a valid check digit: anything else is scanned as usual.
        if npi is not None and npi_valid(npi.value):
            return [(npi.start, npi.end, None)]
    except UsageError:  # unbalanced quotes: the parser refuses the command anyway
        pass
    return []
