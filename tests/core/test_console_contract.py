"""The console contract of DESIGN.md, driven as an outside tool would: the `rounds` CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KEYS = {"kind", "id", "channel", "thread", "to", "text", "data"}


def run_cli(
    args: list[str], stdin: str, data_dir: Path | None, **env: str
) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin"}
    if data_dir is not None:
        base["ROUNDS_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "rounds.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, **env},
        check=False,
    )


def objects(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_script_from_stdin_prints_contract_objects_and_a_mark(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "# a comment",
            "",
            "! role alice admin",
            "@alice #general: /group create cardiology",
            "@bob #general: hello there",
            "@carol #general >2: a reply in the thread",
            "@bob dm: /group list",
            "@alice #general: /help group",
            "! mark done",
        ]
    )
    result = run_cli(["console", "--script", "-", "--json"], script, tmp_path)
    assert result.returncode == 0, result.stderr
    objs = objects(result.stdout)
    assert all(set(o) == KEYS for o in objs)
    assert objs[-1] == {
        "kind": "mark",
        "id": None,
        "channel": None,
        "thread": None,
        "to": None,
        "text": "done",
        "data": {},
    }
    created = objs[0]
    assert created["kind"] == "message" and created["id"] == "b1"
    assert created["channel"] == "#general" and "cardiology" in str(created["text"])
    dm = next(o for o in objs if o["kind"] == "dm")
    assert dm["to"] == "bob" and dm["channel"] is None and "cardiology" in str(dm["text"])
    help_obj = next(o for o in objs if o["kind"] == "ephemeral" and o["to"] == "alice")
    assert "/group create" in str(help_obj["text"])


def test_bad_line_names_the_physical_line_and_exits_2(tmp_path: Path) -> None:
    script = (
        "@alice #general: hi\n\n# comment\n@alice #general >7: no such message\n"
        "@alice #general: after\n"
    )
    result = run_cli(["console", "--script", "-", "--json"], script, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "line 4: no message 7"
    assert result.stdout == ""


def test_unparseable_line_and_unknown_button(tmp_path: Path) -> None:
    result = run_cli(["console", "--script", "-"], "hello world\n", tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("line 1: ")
    result = run_cli(
        ["console", "--script", "-", "--json"], "@a #general: /help\n@a click b1 nope\n", tmp_path
    )
    assert result.returncode == 2
    assert "line 2: bot message b1 has no button nope" in result.stderr
    assert len(objects(result.stdout)) == 1


def test_state_persists_between_runs(tmp_path: Path) -> None:
    first = run_cli(
        ["console", "--script", "-", "--json"],
        "! role alice admin\n@alice #general: /group create neph\n",
        tmp_path,
    )
    assert first.returncode == 0, first.stderr
    second = run_cli(
        ["console", "--script", "-", "--json"], "@bob #general: /group list\n", tmp_path
    )
    assert second.returncode == 0
    (listing,) = objects(second.stdout)
    assert "#neph" in str(listing["text"]) and listing["id"] == "b1"


def test_make_run_style_interactive_console_answers_piped_lines(tmp_path: Path) -> None:
    result = run_cli(["run"], "/help\n/group create cardiology\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Rounds commands" in result.stdout
    assert "Created group cardiology" in result.stdout
    assert "> " not in result.stdout.splitlines()[0]  # no prompt when stdin is not a terminal


def test_config_before_or_after_subcommand_and_bad_config(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'data_dir = "{tmp_path / "d"}"\n')
    for args in (
        ["--config", str(cfg), "console", "--script", "-"],
        ["console", "--config", str(cfg), "--script", "-"],
    ):
        result = run_cli(args, "@a #general: /group list\n", None)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "d" / "rounds.sqlite3").exists()
    cfg.write_text("bogus_key = 1\n")
    result = run_cli(["--config", str(cfg), "db", "upgrade"], "", None)
    assert result.returncode == 2
    assert result.stderr.strip() == "rounds: configuration error: unknown config key: bogus_key"
    assert "Traceback" not in result.stderr
