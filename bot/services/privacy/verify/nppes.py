"""A small client of the NPPES NPI Registry API (version 2.1), reading its real JSON shape:
``{"result_count": 1, "results": [{"number", "enumeration_type", "basic": {"first_name",
"last_name", "status"}, "taxonomies": [{"code", "desc", "primary"}]}]}``; errors come as
``{"Errors": [{"description", "field", "number"}]}``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

__all__ = ["NppesClient", "NppesRecord", "RegistryError", "parse_response"]

_MAX_BODY = 1_000_000
_USER_AGENT = "Rounds/0.1 (+https://github.com/rounds-bot/rounds)"


class RegistryError(Exception):
    """The registry could not be asked, or answered something unusable; the message is
    written for the member."""


@dataclass(frozen=True, slots=True)
class NppesRecord:
    number: str
    enumeration_type: str  # NPI-1 (a person) | NPI-2 (an organisation)
    first_name: str
    last_name: str
    status: str  # "A" active; anything else (e.g. "D") is not
    taxonomy_code: str | None
    taxonomy_desc: str | None

    @property
    def active(self) -> bool:
        return self.status.upper() == "A"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_response(data: Any) -> NppesRecord | None:
    """The record in a registry answer; None when it holds no result."""
    if not isinstance(data, dict):
        raise RegistryError("the NPI registry sent an answer Rounds could not read")
    if data.get("Errors"):
        raise RegistryError("the NPI registry refused the lookup")
    results = data.get("results")
    if not data.get("result_count") or not isinstance(results, list) or not results:
        return None
    first = results[0]
    if not isinstance(first, dict) or not isinstance(first.get("basic"), dict):
        raise RegistryError("the NPI registry sent an answer Rounds could not read")
    basic: dict[str, Any] = first["basic"]
    taxonomies = [t for t in first.get("taxonomies") or [] if isinstance(t, dict)]
    primary = next((t for t in taxonomies if t.get("primary") is True), None)
    primary = primary or (taxonomies[0] if taxonomies else {})
    return NppesRecord(
        number=str(first.get("number", "")),
        enumeration_type=_text(first.get("enumeration_type")),
        first_name=_text(basic.get("first_name")),
        last_name=_text(basic.get("last_name")),
        status=_text(basic.get("status")) or "A",
        taxonomy_code=_text(primary.get("code")) or None,
        taxonomy_desc=_text(primary.get("desc")) or None,
    )


class NppesClient:
    def __init__(self, base_url: str, timeout: timedelta) -> None:
        self.base_url = base_url
        self.timeout = timeout

    async def lookup(self, npi: str) -> NppesRecord | None:
        """The registry's record of ``npi``, or None; RegistryError when it cannot tell."""
        # Imported on the first lookup: aiohttp is a quarter of a second of every CLI start,
        # and most never verify an NPI.
        import aiohttp

        timeout = aiohttp.ClientTimeout(total=self.timeout.total_seconds())
        params = {"version": "2.1", "number": npi}
        headers = {"Accept": "application/json", "User-Agent": _USER_AGENT}
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(self.base_url, params=params, headers=headers) as resp,
            ):
                if resp.status != 200:
                    raise RegistryError(f"the NPI registry answered with an error ({resp.status})")
                body = await resp.content.read(_MAX_BODY + 1)
        except TimeoutError:  # asyncio's timeout is the builtin one since Python 3.11
            raise RegistryError("the NPI registry did not answer in time") from None
        except (aiohttp.ClientError, OSError):
            raise RegistryError("the NPI registry could not be reached") from None
        if len(body) > _MAX_BODY:
            raise RegistryError("the NPI registry sent an answer Rounds could not read")
        try:
            data = json.loads(body)
        except ValueError:
            raise RegistryError("the NPI registry sent an answer Rounds could not read") from None
        return parse_response(data)
