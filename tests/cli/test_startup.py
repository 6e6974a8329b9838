"""What ``rounds`` loads before it does anything: building the parser imports no command's
dependencies, and a database already at the bundled heads is not migrated again (Alembic is
not even imported). The cheap head computation agrees with Alembic's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from bot.storage.db import Database, alembic_config, script_heads

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("alembic", "aiohttp", "slack_bolt", "discord", "sqlalchemy", "tqdm", "bot.app")


def _loaded_after(code: str) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return out.stdout.split()


def test_building_the_parser_imports_no_command_dependencies() -> None:
    assert _loaded_after("from rounds.cli import build_parser; build_parser()") == []


def test_script_heads_agree_with_alembic() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert script_heads() == frozenset(heads)


async def test_a_database_at_head_is_not_migrated_again(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    try:
        assert await db.applied() is None
        await db.migrate()
        assert await db.applied() == script_heads()
    finally:
        await db.close()
    code = (
        "import asyncio\nfrom bot.storage.db import Database\n"
        f"db = Database({sqlite_url!r})\n"
        "async def main():\n    await db.migrate()\n    await db.close()\n"
        "asyncio.run(main())"
    )
    assert "alembic" not in _loaded_after(code)
