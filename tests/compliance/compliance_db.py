"""Helpers for compliance tests: dump every table the database really has (including any a
migration made outside the models, such as full-text indexes), and seed a member into every
table of the models generically, so that the tests keep covering tables added later."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
    insert,
    inspect,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.app import Core
from bot.storage.db import Database
from bot.storage.models import Base

__all__ = ["MEMBER_INT", "USER_STR", "cells", "dump_all", "seed_everywhere"]

#: integer columns without a foreign key that hold a member's id by convention
MEMBER_INT = re.compile(r"^(owner|member|author|asker)_id$")
#: string columns that hold a platform user id by convention (the bot's own id is no member's)
USER_STR = re.compile(r"^(?!bot_)(\w+_)?user(_id)?$")


async def dump_all(core: Core) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table in the core's database, by table name (message copies still
    queued for their batch are written first)."""
    await core.copies.flush()

    def _dump(conn: Connection) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for name in inspect(conn).get_table_names():
            rows = conn.execute(text(f'SELECT * FROM "{name}"')).mappings().all()
            out[name] = [dict(r) for r in rows]
        return out

    async with core.db.engine.connect() as conn:
        return await conn.run_sync(_dump)


def cells(dump: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every non-null cell."""
    out = []
    for table, rows in dump.items():
        for row in rows:
            for column, value in row.items():
                if value is None:
                    continue
                if isinstance(value, bytes | memoryview):
                    shown = bytes(value).decode("utf-8", "replace")
                elif isinstance(value, dict | list):
                    shown = json.dumps(value, ensure_ascii=False)
                else:
                    shown = str(value)
                out.append((table, column, shown))
    return out


def _json_default(table: Table, column: str) -> Any:
    mapper = next((m for m in Base.registry.mappers if m.local_table is table), None)
    annotation = (
        str(getattr(mapper.class_, "__annotations__", {}).get(column, "")) if mapper else ""
    )
    return [] if "list" in annotation else {}


def _filler(table: Table, index: int, column: Any, now: datetime) -> Any:
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return now
    if isinstance(kind, Date):
        return date(2030, 1, 1)
    if isinstance(kind, Integer):
        return 1
    if isinstance(kind, Float | Numeric):
        return 0
    if isinstance(kind, JSON):
        return _json_default(table, column.name)
    if isinstance(kind, LargeBinary):
        return b""
    if isinstance(kind, Text):
        return "seed"
    if isinstance(kind, String):
        return f"s{index}{column.name}"[: kind.length or 64]
    return _json_default(table, column.name) if "JSON" in type(kind).__name__ else "seed"


def _seed(conn: Connection, tenant_id: int, member_id: int, user_id: str) -> list[str]:
    # Far ahead, so that a seeded job is never due while the test runs.
    now = datetime(2030, 1, 1)
    seeded: dict[str, Any] = {}
    done = []
    for index, table in enumerate(Base.metadata.sorted_tables):
        if table.name in ("tenants", "members"):
            continue
        values: dict[str, Any] = {}
        for column in table.columns:
            fk = next(iter(column.foreign_keys), None)
            if fk is not None:
                target = fk.column.table.name
                if target == "members":
                    values[column.name] = member_id
                elif target == "tenants":
                    values[column.name] = tenant_id
                elif target in seeded:
                    values[column.name] = seeded[target]
                elif not column.nullable:
                    raise AssertionError(f"cannot seed {table.name}.{column.name}")
            elif table.autoincrement_column is column:
                continue
            elif isinstance(column.type, Integer) and MEMBER_INT.match(column.name):
                values[column.name] = member_id
            elif isinstance(column.type, String) and USER_STR.match(column.name):
                values[column.name] = user_id
            else:
                values[column.name] = _filler(table, index, column, now)
        try:
            with conn.begin_nested():
                result = conn.execute(insert(table).values(values))
        except IntegrityError as exc:
            raise AssertionError(f"the generic seed does not fit {table.name}: {exc}") from None
        key = result.inserted_primary_key
        if key is not None and len(key) == 1:
            seeded[table.name] = key[0]
        done.append(table.name)
    return done


async def seed_everywhere(db: Database, tenant_id: int, member_id: int, user_id: str) -> list[str]:
    """One row referencing the member in every table of the models; returns the tables."""
    async with db.engine.begin() as conn:
        return await conn.run_sync(lambda c: _seed(c, tenant_id, member_id, user_id))
