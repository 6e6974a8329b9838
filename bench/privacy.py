"""Throughput of the PHI detector on the dev set, beside Presidio's pattern recognisers.

Prints a table: messages per second over the dev set repeated to 20,000 lines, with the
message-level recall and false-alarm rate on the set. Presidio's predefined recognisers
that are plain PatternRecognizers (regex + validation, no spaCy NLP) run as the
comparison when ``presidio_analyzer`` is importable; otherwise its row says so.
Plain stdlib timing (``time.perf_counter``), one core.
"""

from __future__ import annotations

import json
import logging
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
    # tldextract (used by Presidio's URL/e-mail recognisers) logs a traceback per failed
    # download of the public suffix list when offline; its bundled snapshot is used anyway.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
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
                recognizer = cls()
            except Exception:  # some need arguments (a custom deny list): leave them out
                continue
            if recognizer.supported_language == "en":  # the chat is English
                recognizers.append(recognizer)

    def has_phi(text: str) -> bool:
        return any(r.analyze(text, r.supported_entities, None) for r in recognizers)

    return has_phi, f"{len(recognizers)} pattern recognisers"


def _measure(
    has_phi: Callable[[str], bool], rows: list[dict[str, Any]]
) -> tuple[float, float, float, float]:
    """(messages/s wall clock, messages/s CPU time, message recall, false-alarm rate).

    CPU time is printed beside wall time because a shared machine's neighbours slow the
    wall clock; the CPU figure is closer to what one idle core does.
    """
    texts = [r["text"] for r in rows]
    lines = (texts * (LINES // len(texts) + 1))[:LINES]
    start, cpu = time.perf_counter(), time.process_time()
    for line in lines:
        has_phi(line)
    rate = len(lines) / (time.perf_counter() - start)
    cpu_rate = len(lines) / max(time.process_time() - cpu, 1e-9)
    pos = [r for r in rows if r["phi"]]
    neg = [r for r in rows if not r["phi"]]
    recall = sum(has_phi(r["text"]) for r in pos) / max(1, len(pos))
    false_alarm = sum(has_phi(r["text"]) for r in neg) / max(1, len(neg))
    return rate, cpu_rate, recall, false_alarm


def main() -> int:
    """Print the comparison table."""
    if not DEV.exists():
        print(f"dev set not found at {DEV}")
        return 1
    rows = _load()
    print(f"PHI detection, dev set ({len(rows)} messages) repeated to {LINES:,} lines")
    head = f"{'detector':<44} {'msg/s':>9} {'msg/s CPU':>10} {'recall':>7} {'false alarm':>12}"
    print(head)
    print("-" * len(head))
    rate, cpu, recall, fa = _measure(lambda t: bool(scan(t)), rows)
    name = "rounds detector (stdlib re)"
    print(f"{name:<44} {rate:>9,.0f} {cpu:>10,.0f} {recall:>7.3f} {fa:>12.3f}")
    presidio, note = _presidio()
    name = f"presidio_analyzer ({note})"
    if presidio is None:
        print(f"{name:<44} {'-':>9} {'-':>10} {'-':>7} {'-':>12}")
    else:
        rate, cpu, recall, fa = _measure(presidio, rows)
        print(f"{name:<44} {rate:>9,.0f} {cpu:>10,.0f} {recall:>7.3f} {fa:>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
