"""Where the privacy capability writes files (exports) under the data folder, and how it
finds them again to delete them at erasure."""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path

__all__ = ["ExportFiles"]

_NAME = re.compile(r"rounds-export-[0-9a-f]{16}\.json")


class ExportFiles:
    def __init__(self, data_dir: Path) -> None:
        self.folder = (data_dir / "exports").resolve()

    async def write(self, body: str) -> Path:
        """A new export file (a random name: nothing in it links it to the member)."""
        path = self.folder / f"rounds-export-{secrets.token_hex(8)}.json"

        def _write() -> None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_text(body, "utf-8")
            path.chmod(0o600)

        await asyncio.to_thread(_write)
        return path

    async def remove(self, name: str) -> bool:
        """Delete an export by file name; only names this class made are accepted."""
        if not _NAME.fullmatch(name):
            return False
        path = self.folder / name

        def _remove() -> bool:
            try:
                path.unlink()
            except FileNotFoundError:
                return False
            return True

        return await asyncio.to_thread(_remove)
