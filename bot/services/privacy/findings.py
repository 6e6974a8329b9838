"""What the gate found in one message: findings in the text and in each attachment's name,
described by kind and position only (never the values)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.privacy.detector import Finding, redact, scan, summarize

__all__ = ["Detection", "detect", "redact_line"]


@dataclass(frozen=True, slots=True)
class Detection:
    text: tuple[Finding, ...]
    #: (attachment number from 1, findings in its name)
    files: tuple[tuple[int, tuple[Finding, ...]], ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.text) or bool(self.files)

    def all(self) -> list[Finding]:
        return [*self.text, *(f for _, found in self.files for f in found)]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds found, each once, in order of first appearance."""
        return tuple(dict.fromkeys(f.kind for f in self.all()))

    def counts(self) -> dict[str, int]:
        """How many of each kind: what the audit log may hold."""
        return dict(sorted(Counter(f.kind for f in self.all()).items()))

    def where(self) -> str:
        """``NAME at 3–7, MRN at 12–21; attachment 1 name: MRN at 4–12``."""
        parts = []
        if self.text:
            parts.append(summarize(self.text))
        parts.extend(f"attachment {n} name: {summarize(found)}" for n, found in self.files)
        return "; ".join(parts)


def detect(
    text: str,
    file_names: Sequence[str] = (),
    exempt: Sequence[tuple[int, int, str | None]] = (),
) -> tuple[Detection, str, tuple[str, ...]]:
    """Scan a text and file names; return the detection and the redacted text and names.

    ``exempt`` spans of ``text`` are where a member states their own identity (see
    ``own.own_identity``): a finding inside one, of its kind (or any kind for None), is theirs,
    not a patient's."""
    found = tuple(
        f
        for f in scan(text)
        if not any(s <= f.start and f.end <= e and kind in (None, f.kind) for s, e, kind in exempt)
    )
    files: list[tuple[int, tuple[Finding, ...]]] = []
    names: list[str] = []
    for number, name in enumerate(file_names, start=1):
        in_name = tuple(scan(name))
        if in_name:
            files.append((number, in_name))
            name = redact(name, in_name)
        names.append(name)
    redacted = redact(text, found) if found else text
    return Detection(found, tuple(files)), redacted, tuple(names)


def redact_line(line: str) -> str:
    """A log line with every identifier replaced by its kind (the installed log redactor).

    Never raises: logging prints a failing record's raw message, so a detector error withholds
    the line instead (fail closed)."""
    try:
        found = scan(line)
        return redact(line, found) if found else line
    except Exception:
        return "[log line withheld: the identifier scan failed on it]"
