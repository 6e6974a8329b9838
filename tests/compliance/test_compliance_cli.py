"""``rounds privacy scan`` through the real CLI: no database or configuration needed, and each
verdict is out (flushed) before the next line is sent, as a driving tool expects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_privacy_scan_needs_no_database_or_config_and_streams(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "ROUNDS_DATABASE_URL": "not a database url",
        "ROUNDS_PRIVACY_POLICY": "neither",  # an invalid config would stop any other command
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "rounds.cli", "privacy", "scan", "--config", "absent.toml"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        answers = []
        for line in ("pt Ruiz MRN 4417-2290 DOB 03/04/1961", "", "troponin 0.04, EF 55%"):
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
            answers.append(json.loads(proc.stdout.readline()))
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    assert answers[0]["line"] == 1 and answers[0]["phi"] is True
    assert {"type": "MRN", "start": 12, "end": 21} in answers[0]["findings"]
    assert answers[1] == {"line": 2, "phi": False, "findings": []}
    assert answers[2] == {"line": 3, "phi": False, "findings": []}
    assert not (tmp_path / "data").exists()  # no database was created
