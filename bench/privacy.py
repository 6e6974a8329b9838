"""Throughput of the PHI detector on the dev set, beside Presidio's pattern recognisers.

Prints a table: messages per second over the dev set repeated to 20,000 lines, with the
message-level recall and false-alarm rate on the set. Presidio's predefined recognisers
that are plain PatternRecognizers (regex + validation, no spaCy NLP) run as the
comparison when ``presidio_analyzer`` is importable; otherwise its row says so.
Plain stdlib timing (``time.perf_counter``), one core.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.services.privacy.detector import scan  # noqa: E402 - needs the repo on sys.path

DEV = ROOT.parent / "shared" / "phi" / "dev.jsonl"
LINES = 20_000


def _load() -> list[dict[str, Any]]:
    with DEV.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _presidio() -> tuple[Callable[[str], bool] | None, str]:
    """A has-PHI function built from Presidio's pattern recognisers, or why there is none."""
    try:
        from presidio_analyzer import PatternRecognizer  # type: ignore[import-not-found]
        from presidio_analyzer import predefined_recognizers as predefined
    except ImportError:
        return None, "not installed"
    recognizers = []
    for name in dir(predefined):
        cls = getattr(predefined, name)
        if (
            isinstance(cls, type)
            and issubclass(cls, PatternRecognizer)
            and cls is not PatternRecognizer
        ):
            try:
                recognizers.append(cls())
            except Exception:  # some need arguments (a custom deny list): leave them out
                continue

    def has_phi(text: str) -> bool:
        return any(r.analyze(text, r.supported_entities, None) for r in recognizers)

    return has_phi, f"{len(recognizers)} pattern recognisers"


def _measure(
    has_phi: Callable[[str], bool], rows: list[dict[str, Any]]
) -> tuple[float, float, float]:
    """(messages/s over LINES lines, message recall, false-alarm rate)."""
    texts = [r["text"] for r in rows]
    lines = (texts * (LINES // len(texts) + 1))[:LINES]
    start = time.perf_counter()
    for line in lines:
        has_phi(line)
    rate = len(lines) / (time.perf_counter() - start)
    pos = [r for r in rows if r["phi"]]
    neg = [r for r in rows if not r["phi"]]
    recall = sum(has_phi(r["text"]) for r in pos) / max(1, len(pos))
    false_alarm = sum(has_phi(r["text"]) for r in neg) / max(1, len(neg))
    return rate, recall, false_alarm


def main() -> int:
    """Print the comparison table."""
    if not DEV.exists():
        print(f"dev set not found at {DEV}")
        return 1
    rows = _load()
    print(f"PHI detection, dev set ({len(rows)} messages) repeated to {LINES:,} lines")
    print(f"{'detector':<44} {'msg/s':>10} {'recall':>7} {'false alarm':>12}")
    rate, recall, fa = _measure(lambda t: bool(scan(t)), rows)
    print(f"{'rounds detector (stdlib re)':<44} {rate:>10,.0f} {recall:>7.3f} {fa:>12.3f}")
    presidio, note = _presidio()
    label = f"presidio_analyzer ({note})"
    if presidio is None:
        print(f"{label:<44} {'-':>10} {'-':>7} {'-':>12}")
    else:
        rate, recall, fa = _measure(presidio, rows)
        print(f"{label:<44} {rate:>10,.0f} {recall:>7.3f} {fa:>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
