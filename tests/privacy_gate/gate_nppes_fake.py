"""A fake NPPES NPI Registry on 127.0.0.1 (an ephemeral port), answering in the registry's
real JSON format (API version 2.1), with numbers that hang or fail on purpose."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

GOOD = "1234567893"  # Ana Okafor, cardiology, active
MISMATCH = "1111111112"  # John Smith
DEACTIVATED = "2222222228"  # Ana Okafor, status D
UNKNOWN = "3333333334"  # no record
HANGS = "4444444440"
FAILS = "5555555551"  # HTTP 500
ORGANISATION = "6666666667"


def record(
    number: str, first: str, last: str, *, status: str = "A", kind: str = "NPI-1"
) -> dict[str, Any]:
    """One result as the registry returns it (trimmed of the address blocks)."""
    return {
        "created_epoch": "1183680000000",
        "enumeration_type": kind,
        "last_updated_epoch": "1269302400000",
        "number": number,
        "addresses": [],
        "practiceLocations": [],
        "basic": {
            "first_name": first,
            "last_name": last,
            "middle_name": "",
            "credential": "M.D.",
            "sole_proprietor": "NO",
            "sex": "F",
            "enumeration_date": "2007-07-06",
            "last_updated": "2010-03-23",
            "status": status,
        },
        "taxonomies": [
            {
                "code": "207R00000X",
                "taxonomy_group": "",
                "desc": "Internal Medicine",
                "state": "IL",
                "license": "036123456",
                "primary": False,
            },
            {
                "code": "207RC0000X",
                "taxonomy_group": "",
                "desc": "Internal Medicine, Cardiovascular Disease",
                "state": "IL",
                "license": "036123456",
                "primary": True,
            },
        ],
        "identifiers": [],
        "endpoints": [],
        "other_names": [],
    }


RECORDS = {
    GOOD: record(GOOD, "ANA", "OKAFOR"),
    MISMATCH: record(MISMATCH, "JOHN", "SMITH"),
    DEACTIVATED: record(DEACTIVATED, "ANA", "OKAFOR", status="D"),
    ORGANISATION: record(ORGANISATION, "", "", kind="NPI-2"),
}


@dataclass
class FakeNppes:
    url: str = ""
    requests: list[dict[str, str]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(dict(request.query))
        number = request.query.get("number", "")
        if request.query.get("version") != "2.1":
            return web.json_response(
                {"Errors": [{"description": "version is required", "field": "version"}]}
            )
        if number == HANGS:
            await asyncio.sleep(30)
        if number == FAILS:
            return web.Response(status=500, text="<html>Internal Server Error</html>")
        found = RECORDS.get(number)
        return web.json_response(
            {"result_count": 1, "results": [found]} if found else {"result_count": 0, "results": []}
        )


@asynccontextmanager
async def fake_nppes() -> AsyncIterator[FakeNppes]:
    fake = FakeNppes()
    app = web.Application()
    app.router.add_get("/api/", fake.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.url = f"http://127.0.0.1:{port}/api/"
    try:
        yield fake
    finally:
        await runner.cleanup()
