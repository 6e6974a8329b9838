"""The engine, sessions and migrations. One :class:`Database` per process, built in app.py."""

from __future__ import annotations

import ast
import functools
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.errors import ConfigError

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

__all__ = ["Database", "alembic_config", "script_heads"]

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).parent / "migrations"
# Any constant works: it only has to be the same in every Rounds process.
_MIGRATION_LOCK = 0x526F756E  # "Roun"


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    """An Alembic config pointing at the bundled migrations, optionally bound to a connection."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


# ``revision = "…"`` / ``down_revision: str | … = …`` at the start of a line of a migration.
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=(.*)$", re.MULTILINE)


@functools.cache
def script_heads() -> frozenset[str] | None:
    """The head revisions of the bundled migrations, read from their ``revision`` and
    ``down_revision`` lines without importing Alembic (half a second at every start);
    None when a value is not a one-line literal.

    Only used to see that a database is already up to date: when the answer differs from
    the database's, Alembic runs and decides (a test checks that it agrees with Alembic).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((_MIGRATIONS / "versions").glob("*.py")):
        for name, source in _ASSIGNMENT.findall(path.read_text("utf-8")):
            try:
                value = ast.literal_eval(source.strip())
            except (SyntaxError, ValueError):
                return None
            names = {value} if isinstance(value, str) else set(value or ())
            (revisions if name == "revision" else parents).update(names)
    return frozenset(revisions - parents)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run beside the writer; NORMAL is durable at every checkpoint in WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """Owns the async engine and hands out sessions."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise ConfigError(f"config key database_url: not a database URL: {url!r}") from None
        self.url = parsed
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise ConfigError("config key database_url: only SQLite and PostgreSQL are supported")
        # Every session ends in a commit or a rollback of its own (``session()``), so the
        # pool's extra rollback on check-in would only cost a round trip per event.
        kwargs: dict[str, Any] = {"echo": echo, "pool_reset_on_return": None}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(parsed, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def applied(self) -> frozenset[str] | None:
        """The revisions recorded in the database (``alembic_version``); None before the
        first migration."""
        async with self.engine.connect() as conn:
            try:
                rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            except DBAPIError:  # no such table: a new database
                return None
            return frozenset(str(r[0]) for r in rows)

    async def migrate(self) -> None:
        """Apply every pending migration; on PostgreSQL under an advisory lock, so that
        several processes may start at once.

        A database already at the bundled heads is left alone without loading Alembic (it
        runs at every start). Otherwise Alembic checks again under the lock, so that of
        several processes starting together one migrates and the others find nothing to do.
        """
        heads = script_heads()
        if heads is not None and await self.applied() == heads:
            log.debug("database schema up to date")
            return
        from alembic import command

        async with self.engine.begin() as conn:
            if self.is_postgres:
                await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "heads"))
        log.debug("database schema up to date")

    async def close(self) -> None:
        await self.engine.dispose()
