"""Console output: the JSON objects of the contract, or readable lines for a person."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

__all__ = ["Sink"]


class Sink:
    """Writes every bot action at once, flushed, as JSON or as text."""

    def __init__(self, out: TextIO | None = None, *, as_json: bool = False) -> None:
        self.out = out or sys.stdout
        self.as_json = as_json

    def emit(
        self,
        kind: str,
        *,
        id: str | None = None,
        channel: str | None = None,
        thread: str | None = None,
        to: str | None = None,
        text: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        """Write one bot action (one JSON object, or a readable line) and flush."""
        obj = {
            "kind": kind,
            "id": id,
            "channel": f"#{channel}" if channel else None,
            "thread": thread,
            "to": to,
            "text": text,
            "data": data or {},
        }
        if self.as_json:
            self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            self.out.write(self._human(obj) + "\n")
        self.out.flush()

    @staticmethod
    def _human(obj: dict[str, Any]) -> str:
        kind, text, data = obj["kind"], obj["text"], obj["data"]
        if kind == "mark":
            return f"--- mark {text}"
        where = obj["channel"] or "DM"
        if obj["thread"]:
            where += f" › thread {obj['thread']}"
        head = {
            "message": f"[{where}] {obj['id']}",
            "ephemeral": f"[{where}] {obj['id']} (only @{obj['to']} sees this)",
            "dm": f"[DM to @{obj['to']}] {obj['id']}",
            "edit": f"[{where}] edited {obj['id']}",
            "delete": f"[{where}] deleted {obj['id']}",
            "reaction": f"[{where}] {'took back' if data.get('removed') else 'reacted'}"
            f" on {data.get('target')}",
        }[kind]
        lines = [f"{head}: {text}" if kind != "delete" else head]
        for action in data.get("actions", []):
            lines.append(f"    [button {action['id']}] {action['label']}")
        for file in data.get("files", []):
            lines.append(f"    [file] {file['name']} → {file['path']}")
        return "\n".join(lines)
