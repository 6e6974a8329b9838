"""Alembic environment: always run through ``Database.migrate`` with a live connection."""

from typing import Any, Literal

from alembic import context

import bot.storage.models as models


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import model code: render our UTC type as a plain DateTime.
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    # Full-text search tables (SQLite FTS5 and its shadow tables) are made by migrations only,
    # not models: autogenerate must not propose dropping them.
    return not (type_ == "table" and name is not None and "_fts" in name)


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `rounds db upgrade`, not the alembic command")
context.configure(
    connection=connection,
    target_metadata=models.Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    render_item=_render_item,
    include_name=_include_name,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
