"""Patient-identifier (PHI) detector for clinical chat messages.

``scan`` finds HIPAA Safe Harbor identifiers as physicians type them in Slack, Discord or
a console (names in clinical context, MRNs, dates tied to a patient, phones, e-mails,
SSNs, addresses, ages over 89, plan/account/device numbers, record links, IPs) and stays
quiet on the clinical look-alikes (labs, doses, codes, trial ids, NPIs, meeting dates,
journal links). Offsets always refer to the original text, markup included.
"""

from __future__ import annotations

from .finding import KINDS, Finding
from .report import redact, summarize
from .scanner import scan
from .validators import npi_ok, ssn_ok

__all__ = ["KINDS", "Finding", "npi_ok", "redact", "scan", "ssn_ok", "summarize"]
