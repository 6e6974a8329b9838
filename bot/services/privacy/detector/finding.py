"""The value type every detector reports, and the closed set of kinds it may carry."""

from __future__ import annotations

from dataclasses import dataclass

# HIPAA Safe Harbor identifiers as they show up in clinical chat.
KINDS: frozenset[str] = frozenset(
    {
        "NAME",
        "EMPLOYER",
        "ADDRESS",
        "LOCATION",
        "ZIP",
        "DATE",
        "AGE",
        "PHONE",
        "FAX",
        "EMAIL",
        "SSN",
        "MRN",
        "PLAN_ID",
        "ACCOUNT",
        "DEVICE_ID",
        "URL",
        "IP",
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a message.

    ``start``/``end`` are code-point offsets into the ORIGINAL text (``end`` exclusive),
    so that a caller can redact or point at the value without knowing about markup.
    """

    kind: str
    start: int
    end: int
