"""``rounds privacy scan``: stdin lines to JSON verdicts (the DESIGN contract). It needs no
database or configuration: ``--config`` is accepted like everywhere, and ignored."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("privacy", parents=[common], help="patient-identifier tools")
    sub = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    scan = sub.add_parser(
        "scan",
        parents=[common],
        help="one JSON line per input line: does it hold patient identifiers, and where",
    )
    scan.set_defaults(func=_scan)


def _scan(args: argparse.Namespace) -> int:
    # Imported here: the detector compiles its patterns, which no other subcommand needs.
    from rounds.privacy_scan import run

    return run(sys.stdin.buffer, sys.stdout)
