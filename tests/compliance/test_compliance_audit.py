"""The audit log: every privileged command that changes state writes exactly one row (and
an export at most one), a member running one is refused with the reason, ``/audit`` lists
rows for admins, and ``rounds audit export`` writes them as CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from compliance_db import dump_all

from bot.commands import ArgKind, CommandSpec, Permission
from bot.commands.permissions import denial_reason
from bot.platform import Tenant
from bot.storage.repos import MemberRepo
from bot.storage.repos.privacy import NpiReviewRepo
from tests.conftest import BotConsole

PRIVILEGED = (Permission.LEAD, Permission.ORGANIZER, Permission.MODERATOR, Permission.ADMIN)
#: commands of the core and of this capability that must be seen changing state
MUST_CHANGE = {
    "admin grant",
    "admin revoke",
    "admin verify",
    "group create",
    "group backup",
    "privacy policy",
    "privacy disclaimer",
}
#: lines where a spec's first example does not fit the scene below
LINES = {
    "admin revoke": "/admin revoke @ana lead:cardiology",
    "admin verify": "/admin verify 1 approve",
}
#: a value of each argument kind, to build a line for specs without examples
SAMPLE = {
    ArgKind.WORD: "word",
    ArgKind.TEXT: "some text",
    ArgKind.GROUP: "cardiology",
    ArgKind.CHANNEL: "#cases",
    ArgKind.USER: "@ana",
    ArgKind.INT: "1",
    ArgKind.QUESTION: "Q1",
    ArgKind.TIME: "10:00",
    ArgKind.DATETIME: "2026-03-28T10:00",
    ArgKind.TZ: "UTC",
    ArgKind.URL: "https://example.org/feed.xml",
    ArgKind.TAG: "#ACC26",
}
SCENE = (
    "! now 2026-03-27T12:00:00Z",
    "! role alice admin",
    "@ana #general: hello",
    "@bob #general: hello",
    "@alice #cases: /group create internal-medicine",
    "@alice #cases: /event start #ACC26 --from 2026-03-27 --to 2026-03-30",
    "@ana #cases: /ask #internal-medicine what is the usual colchicine dose after PCI?",
    "@bob #cases >5: 0.5 mg daily in most trials",
)


def _line(spec: CommandSpec) -> str:
    if spec.key in LINES:
        return LINES[spec.key]
    if spec.examples:
        return spec.examples[0]
    words = [f"/{spec.key}"]
    for arg in spec.args:
        if not arg.required:
            continue
        if arg.kind is ArgKind.CHOICE or arg.kind is ArgKind.PAIRS:
            words.append(arg.choices[0] + (" x" if arg.kind is ArgKind.PAIRS else ""))
        else:
            words.append(SAMPLE[arg.kind])
    return " ".join(words)


async def _state(bot: BotConsole) -> tuple[str, int]:
    """Everything but the audit and the event log, and the number of audit rows."""
    assert bot.core is not None
    dump = await dump_all(bot.core)
    audit = len(dump.pop("audit_log"))
    dump.pop("processed_events")
    return json.dumps(dump, sort_keys=True, default=str), audit


async def test_privileged_commands_audit_once_and_members_are_refused_with_the_reason(
    bot: BotConsole,
) -> None:
    assert bot.core is not None
    await bot.play(*SCENE)
    tenant_id = await bot.core.tenant_id(Tenant("console", "console"))
    async with bot.core.db.session() as s:
        ana = await MemberRepo(s, tenant_id).get("ana")
        assert ana is not None
        await NpiReviewRepo(s, tenant_id).add(
            member_id=ana.id,
            npi="1234567893",
            reason="name-mismatch",
            registry_name="ANA OKAFOR",
            specialty="cardiology",
            taxonomy=None,
            now=bot.core.clock.now(),
        )
    specs = [s for s in bot.core.registry.specs() if s.permission in PRIVILEGED]
    changed: set[str] = set()
    problems: list[str] = []
    for spec in specs:
        line = _line(spec)
        state, rows = await _state(bot)
        out = await bot.play(f"@bob #cases: {line}")
        reason = denial_reason(spec.permission)
        if not any(a["to"] == "bob" and reason in a["text"] for a in out):
            problems.append(f"{line}: a member was not refused with '{reason}': {out}")
        if await _state(bot) != (state, rows):
            problems.append(f"{line}: a member's refused attempt changed something")
        out = await bot.play(f"@alice #cases: {line}")
        after, after_rows = await _state(bot)
        written = after_rows - rows
        if after != state:
            changed.add(spec.key)
            if written != 1:
                problems.append(f"{line}: changed state and wrote {written} audit rows")
        elif written > 1:
            problems.append(f"{line}: wrote {written} audit rows")
    assert problems == []
    assert changed >= MUST_CHANGE


async def test_audit_lists_recent_rows_to_admins_only(sqlite_bot: BotConsole) -> None:
    bot = sqlite_bot
    out = await bot.play(
        "! role alice admin",
        "@alice #cases: /group create cardiology",
        "@alice #cases: /privacy policy hold",
        "@alice #cases: /audit 2",
    )
    listing = out[-1]
    assert listing["kind"] == "ephemeral" and listing["to"] == "alice"
    lines = listing["text"].splitlines()
    assert "privacy.policy workspace" in lines[1] and "group.create cardiology" in lines[2]
    assert len(lines) == 3
    out = await bot.play("@alice #cases: /audit --action role.grant")
    assert "role.grant" in out[-1]["text"] and "group.create" not in out[-1]["text"]
    out = await bot.play("@bob #cases: /audit")
    assert out[-1]["text"] == "/audit: only admins can do that."


def _cli(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rounds.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "ROUNDS_DATA_DIR": str(data_dir)},
        check=False,
    )


def _rows(text: str) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_rounds_audit_export_writes_csv_and_is_audited(tmp_path: Path) -> None:
    script = "! role alice admin\n@alice #cases: /group create cardiology\n"
    played = subprocess.run(
        [sys.executable, "-m", "rounds.cli", "console", "--script", "-", "--json"],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "ROUNDS_DATA_DIR": str(tmp_path)},
        check=False,
    )
    assert played.returncode == 0, played.stderr
    first = _cli(["audit", "export"], tmp_path)
    assert first.returncode == 0, first.stderr
    rows = _rows(first.stdout)
    assert list(rows[0]) == [
        "id",
        "at",
        "platform",
        "workspace",
        "actor",
        "action",
        "target",
        "outcome",
        "detail",
    ]
    assert [(r["action"], r["platform"], r["outcome"]) for r in rows] == [
        ("role.grant", "console", "ok"),
        ("group.create", "console", "ok"),
    ]
    assert rows[0]["at"].endswith("Z") and json.loads(rows[0]["detail"]) == {}
    out = tmp_path / "audit.csv"
    second = _cli(["audit", "export", "--out", str(out)], tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout == "" and "wrote 3 audit rows" in second.stderr
    rows = _rows(out.read_text("utf-8"))
    assert rows[-1]["action"] == "audit.export" and rows[-1]["actor"] == "cli"
    assert json.loads(rows[-1]["detail"]) == {"rows": 2}
    bad = _cli(["audit", "export", "--out", str(tmp_path / "no" / "such" / "dir.csv")], tmp_path)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
