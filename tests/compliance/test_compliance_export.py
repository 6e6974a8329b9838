"""``/privacy export-me``: a JSON file of everything held about the member, sent to them alone,
audited once, and recorded so that erasure deletes it."""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

from compliance_db import dump_all

from tests.conftest import BotConsole


async def test_export_me_sends_the_member_everything_privately(bot: BotConsole) -> None:
    assert bot.core is not None
    out = await bot.play(
        "! role alice admin",
        "@alice #general: /group create cardiology",
        '@ana #general: /profile set name "Ana Okafor" specialty cardiology tz Europe/Paris',
        "@ana #general: /group notify cardiology on",
        "@ana #general: follow-up for MRN 4417-2290 tomorrow",
        "@ana dm: hello Rounds",
        "@ana #general: /privacy export-me",
    )
    files = [a for a in out if a["data"].get("files")]
    assert [(a["kind"], a["to"]) for a in files] == [("dm", "ana")]
    assert out[-1]["text"] == "Sent you a direct message with your data."
    shared = files[0]["data"]["files"][0]
    assert shared["name"] == "rounds-export.json" and shared["mime"] == "application/json"
    path = Path(shared["path"])
    assert path.parent == (bot.data_dir / "exports").resolve()
    mode = (await asyncio.to_thread(path.stat)).st_mode
    assert stat.S_IMODE(mode) == 0o600
    data = json.loads(await asyncio.to_thread(path.read_text, "utf-8"))
    profile = data["profile"]
    assert (profile["user_id"], profile["full_name"], profile["specialty"]) == (
        "ana",
        "Ana Okafor",
        "cardiology",
    )
    assert profile["audit_pseudonym"].startswith("m_")
    assert [(g["group"], g["notify"]) for g in data["groups"]] == [("cardiology", True)]
    assert [(m["channel"], m["text"]) for m in data["messages"]] == [
        ("general", "follow-up for MRN [MRN] tomorrow"),
        ("dm:ana", "hello Rounds"),
    ]
    assert data["messages"][0]["identifier_kinds_found"] == ["MRN"]
    assert set(data["capabilities"]) == set(bot.core.hooks.exporters)
    dump = await dump_all(bot.core)
    assert [r["action"] for r in dump["audit_log"]].count("privacy.export") == 1
    [post] = [r for r in dump["bot_posts"] if r["kind"] == "privacy.export"]
    assert post["ref"] == path.name and post["on_behalf_of"] is not None
