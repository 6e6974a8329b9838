"""`rounds privacy scan` contract, driven through run() with in-memory streams."""

from __future__ import annotations

import io
import json
from typing import Any

from rounds.privacy_scan import run


def _run(data: bytes) -> list[dict[str, Any]]:
    out = io.StringIO()
    assert run(io.BytesIO(data), out) == 0
    text = out.getvalue()
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_one_object_per_line_blank_lines_included() -> None:
    rows = _run(b"MRN 4417-2290\n\nBP 142/88\n")
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert [r["phi"] for r in rows] == [True, False, False]
    assert rows[0]["findings"] == [{"type": "MRN", "start": 4, "end": 13}]
    assert rows[1] == {"line": 2, "phi": False, "findings": []}


def test_empty_input_prints_nothing() -> None:
    assert _run(b"") == []


def test_last_line_without_newline_counts() -> None:
    rows = _run(b"hello\nSSN 531-72-6604")
    assert len(rows) == 2 and rows[1]["phi"] is True


def test_only_newline_splits_and_one_carriage_return_is_stripped() -> None:
    rows = _run(b"a\rMRN 4417-2290\r\r\nnext\r\n")
    assert len(rows) == 2
    # The line is "a\rMRN 4417-2290\r": \r inside stays, offsets count it.
    assert rows[0]["findings"] == [{"type": "MRN", "start": 6, "end": 15}]


def test_invalid_utf8_is_replaced_and_offsets_are_code_points() -> None:
    rows = _run("é\xff MRN 4417-2290\n".encode("latin-1").replace(b"\xe9", "é".encode()))
    assert rows[0]["phi"] is True
    assert rows[0]["findings"][0]["start"] == 7  # "é", U+FFFD, " MRN " → 7


def test_non_ascii_offsets_are_code_points() -> None:
    line = "Sjögren’s pt 😂 MRN 4417-2290"
    rows = _run(line.encode() + b"\n")
    f = rows[0]["findings"][0]
    assert line[f["start"] : f["end"]] == "4417-2290"


class _Trickle(io.RawIOBase):
    """A stream that hands out one line at a time and records what was read."""

    def __init__(self, lines: list[bytes], out: io.StringIO) -> None:
        self.lines = lines
        self.out = out
        self.seen_output: list[int] = []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.seen_output.append(self.out.getvalue().count("\n"))
        if not self.lines:
            return 0
        chunk = self.lines.pop(0)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_streams_each_line_before_reading_the_next() -> None:
    out = io.StringIO()
    source = _Trickle([b"MRN 4417-2290\n", b"fine\n", b"last"], out)
    assert run(io.BufferedReader(source), out) == 0
    # Each complete line was answered before the next read; the unterminated last line
    # is answered once the read after it reports the end of input.
    assert source.seen_output[:4] == [0, 1, 2, 2]
    assert len(out.getvalue().splitlines()) == 3
