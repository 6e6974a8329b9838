"""``rounds console --script -`` acts on each line as it arrives: a driver reads the answer to
one line before it writes the next (here it even builds the next line from the answer)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, TextIO


def _reader(stream: TextIO, lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def _next_object(lines: queue.Queue[str]) -> dict[str, Any]:
    # A console that waited for the end of input would never answer: fail, do not hang.
    obj: dict[str, Any] = json.loads(lines.get(timeout=60))
    return obj


def test_each_line_is_answered_before_the_next_is_written(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "rounds.cli", "console", "--script", "-", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "ROUNDS_DATA_DIR": str(tmp_path / "data")},
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    try:
        proc.stdin.write("! role alice admin\n@alice #general: /group create cardiology\n")
        proc.stdin.flush()
        created = _next_object(lines)
        assert created["kind"] == "message" and created["id"] == "b1"

        # The next line names what the bot just printed.
        proc.stdin.write(f"@bob #general >{created['id']}: thanks\n! mark after-reply\n")
        proc.stdin.flush()
        assert _next_object(lines)["kind"] == "mark"

        proc.stdin.write("@bob #general: /group list\n")
        proc.stdin.flush()
        listing = _next_object(lines)
        assert listing["id"] == "b2" and "cardiology" in listing["text"]
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
