"""``rounds audit export [--out FILE]``: the audit log of every workspace as CSV.

Columns: id, at (ISO 8601 UTC), platform, workspace, actor (a pseudonymous id), action,
target, outcome, detail (JSON). The export is itself audited, once per workspace exported."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rounds.settings import config_from_args

if TYPE_CHECKING:
    from bot.storage.repos.privacy import AuditExportRow

__all__ = ["COLUMNS", "register", "write_csv"]

COLUMNS = ("id", "at", "platform", "workspace", "actor", "action", "target", "outcome", "detail")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("audit", parents=[common], help="the audit log")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", parents=[common], help="write the audit log as CSV")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not stdout")
    export.set_defaults(func=_export)


def write_csv(rows: list[AuditExportRow], out: TextIO) -> None:
    """The rows as CSV with a header line."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(
            (
                r.id,
                r.at.isoformat().replace("+00:00", "Z"),
                r.platform,
                r.workspace,
                r.actor,
                r.action,
                r.target,
                r.outcome,
                json.dumps(r.detail, sort_keys=True, ensure_ascii=False),
            )
        )


async def _export(args: argparse.Namespace) -> int:
    # Imported here, like every command's own dependencies: `rounds` imports every command
    # module to build its parser, and should load only what the command it runs needs.
    from bot.clock import SystemClock
    from bot.storage.db import Database
    from bot.storage.repos.audit import AuditRepo
    from bot.storage.repos.privacy import audit_rows_all_tenants

    config = config_from_args(args)
    db = Database(config.db_url)
    try:
        await db.migrate()
        async with db.session() as s:
            rows = await audit_rows_all_tenants(s)
        if args.out is None:
            write_csv(rows, sys.stdout)
            sys.stdout.flush()
        else:
            with args.out.open("w", encoding="utf-8", newline="") as fh:
                write_csv(rows, fh)
        now = SystemClock().now()
        async with db.session() as s:
            for tenant_id, count in sorted(Counter(r.tenant_id for r in rows).items()):
                await AuditRepo(s, tenant_id).append(
                    actor="cli", action="audit.export", detail={"rows": count}, now=now
                )
    finally:
        await db.close()
    if args.out is not None:
        print(f"wrote {len(rows)} audit rows to {args.out}", file=sys.stderr)
    return 0
