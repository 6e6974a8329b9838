"""The ``rounds feeds`` CLI per DESIGN, driven as a subprocess against a local server (the
server keeps running in the test's event loop): add, import-opml, export-opml, poll --once,
status --json with exactly the documented fields and types, items --json with --since; bad
input exits non-zero with a short error and no traceback."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from feeds.opml import OpmlFeed, parse_opml, write_opml
from tests.digests import samples as P
from tests.digests.servers import FeedSite

ROOT = Path(__file__).resolve().parents[2]
STATUS_FIELDS = {
    "id": int,
    "url": str,
    "title": (str, type(None)),
    "state": str,
    "last_status": (int, type(None)),
    "last_error": (str, type(None)),
    "failures": int,
    "items": int,
    "next_poll": (str, type(None)),
}
ITEM_FIELDS = {"id", "title", "link", "doi", "pmid", "published", "type", "sources"}


async def rounds(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Run ``rounds ARGS…``; (exit code, stdout, stderr)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rounds.cli", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, cwd=env["HOME"],
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def environment(tmp_path: Path, database_url: str | None = None) -> dict[str, str]:
    """The CLI's environment: its own data folder; 127.0.0.1 allowed."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "ROUNDS_DATA_DIR": str(tmp_path / "data"),
        "ROUNDS_FEEDS_ALLOW_PRIVATE_NETWORKS": "true",
    }
    if database_url is not None:
        env["ROUNDS_DATABASE_URL"] = database_url
    return env


def lines(out: str) -> list[dict[str, Any]]:
    """JSON lines."""
    return [json.loads(line) for line in out.splitlines()]


async def test_cli_add_import_export_poll_status_items(
    db_url: str, tmp_path: Path, site: FeedSite
) -> None:
    new = [P.NEJM, *P.OLD]
    urls = [
        site.set("/pubmed", P.pubmed(new)),
        site.set("/rss1", P.rss1(new)),
        site.set("/atom", P.atom(new)),
        site.set("/conference", P.conference(new)),
    ]
    env = environment(tmp_path, db_url)
    code, out, err = await rounds(env, "feeds", "add", urls[0])
    assert (code, out.strip(), err) == (0, f"feed 1 added: {urls[0]}", "")
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(write_opml(OpmlFeed(u, f"feed {i}") for i, u in enumerate(urls)))
    code, out, _ = await rounds(env, "feeds", "import-opml", str(opml))
    assert (code, out.strip()) == (0, "4 feeds in the file, 3 added")
    code, out, _ = await rounds(env, "feeds", "export-opml")
    assert code == 0 and sorted(f.url for f in parse_opml(out.encode())) == sorted(urls)

    code, out, err = await rounds(env, "feeds", "poll", "--once")
    assert code == 0, err
    assert out.splitlines()[0] == "polled 4, not modified 0, failed 0, new articles 4"
    assert err == ""  # no progress bar when stderr is not a terminal

    code, out, _ = await rounds(env, "feeds", "status", "--json")
    rows = lines(out)
    assert code == 0 and len(rows) == 4
    for row in rows:
        assert set(row) == set(STATUS_FIELDS)
        for key, kind in STATUS_FIELDS.items():
            assert isinstance(row[key], kind), (key, row)
        assert (row["state"], row["last_status"], row["last_error"], row["failures"]) == (
            "ok", 200, None, 0,
        )  # fmt: skip
        assert row["items"] == 4 and row["next_poll"].endswith("Z")

    code, out, _ = await rounds(env, "feeds", "items", "--json")
    items = lines(out)
    assert code == 0 and len(items) == 4
    assert all(set(i) == ITEM_FIELDS for i in items)
    nejm = next(i for i in items if i["doi"] == P.NEJM.doi.lower())
    assert sorted(nejm["sources"]) == sorted(urls)  # stored once, four sources
    assert (nejm["pmid"], nejm["type"]) == (P.NEJM.pmid, "rct")
    assert nejm["published"].startswith("2026-03-")
    code, out, _ = await rounds(env, "feeds", "items", "--json", "--since", "2999-01-01T00:00:00Z")
    assert (code, out) == (0, "")
    code, out, _ = await rounds(env, "feeds", "items", "--json", "--since", "2020-01-01")
    assert len(lines(out)) == 4

    code, out, _ = await rounds(env, "feeds", "poll", "--once")  # conditional GETs
    assert out.splitlines()[0] == "polled 0, not modified 4, failed 0, new articles 0"
    assert site.count(304) == 4


async def test_cli_bad_input_exits_non_zero_without_traceback(
    tmp_path: Path, site: FeedSite
) -> None:
    env = environment(tmp_path)
    (tmp_path / "garbage.opml").write_bytes(b"<html><body>not opml</body></html>")
    cases = [
        ("feeds", "add", "notaurl"),
        ("feeds", "add", "ftp://example.org/feed"),
        ("feeds", "add", site.base + "/x", "--group", "nosuch"),
        ("feeds", "import-opml", str(tmp_path / "missing.opml")),
        ("feeds", "import-opml", str(tmp_path / "garbage.opml")),
        ("feeds", "items", "--since", "yesterday"),
        ("feeds", "frobnicate"),
        ("feeds", "status", "--json", "--config", str(tmp_path / "absent.toml")),
    ]
    for args in cases:
        code, _out, err = await rounds(env, *args)
        assert code != 0, args
        assert "Traceback" not in err and len(err.strip().splitlines()) <= 3, (args, err)
        assert err.strip(), args
