"""The rules of the house, checked on the source: platform knowledge only in adapters/,
SQL only in bot/storage/, no adapter import in the core."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM_MODULES = ("adapters", "slack_bolt", "slack_sdk", "discord")
SQL_MODULES = ("sqlalchemy", "alembic", "asyncpg", "aiosqlite", "sqlite3")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_platform_code() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "bot").rglob("*.py")
        if _imports(p) & set(PLATFORM_MODULES)
    ]
    assert offenders == []


def test_sql_only_in_storage() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for base in ("bot", "adapters", "feeds", "rounds")
        for p in (ROOT / base).rglob("*.py")
        if "storage" not in p.relative_to(ROOT).parts and _imports(p) & set(SQL_MODULES)
    ]
    assert offenders == []


def test_feed_fetching_only_in_feeds() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "bot").rglob("*.py")
        if "feedparser" in _imports(p)
    ]
    assert offenders == []
