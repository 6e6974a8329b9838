"""PHI detector: scores on the shared dev set and on our own cases, plus focused units."""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.services.privacy.detector import Finding, npi_ok, redact, scan, ssn_ok, summarize

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "phi" / "dev.jsonl"
CASES = Path(__file__).resolve().parent / "cases.jsonl"


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _score(rows: list[dict[str, Any]]) -> tuple[float, float, list[str]]:
    """(message recall, false-alarm rate, readable misses) scored as the README says."""
    tp = fn = fp = tn = 0
    problems: list[str] = []
    span_total: Counter[str] = Counter()
    span_found: Counter[str] = Counter()
    for row in rows:
        found = scan(row["text"])
        for f in found:  # offsets must be usable on the original line
            assert 0 <= f.start < f.end <= len(row["text"]), (row["id"], f)
        if row["phi"]:
            if found:
                tp += 1
            else:
                fn += 1
                problems.append(f"miss  {row['category']}: {row['text']}")
        elif found:
            fp += 1
            what = ", ".join(f"{f.kind}={row['text'][f.start : f.end]!r}" for f in found)
            problems.append(f"alarm {row['category']}: {row['text']}  [{what}]")
        else:
            tn += 1
        for span in row["spans"]:
            span_total[span["type"]] += 1
            if any(f.start < span["end"] and span["start"] < f.end for f in found):
                span_found[span["type"]] += 1
    for kind in sorted(span_total):
        if span_found[kind] < span_total[kind]:
            problems.append(f"spans {kind}: {span_found[kind]}/{span_total[kind]} found")
    by_category = Counter(
        line.split(":", 1)[0] for line in problems if not line.startswith("spans")
    )
    if by_category:
        tally = ", ".join(
            f"{k.split()[0]} {k.split()[1]}: {n}" for k, n in sorted(by_category.items())
        )
        problems.insert(0, f"by category: {tally}")
    recall = tp / max(1, tp + fn)
    false_alarm = fp / max(1, fp + tn)
    return recall, false_alarm, problems


@pytest.mark.skipif(not DEV.exists(), reason="shared/phi/dev.jsonl is not beside the repo")
def test_dev_set_meets_the_bars() -> None:
    recall, false_alarm, problems = _score(_load(DEV))
    report = "\n".join(problems)
    assert recall >= 0.95, f"recall {recall:.3f}\n{report}"
    assert false_alarm <= 0.05, f"false alarms {false_alarm:.3f}\n{report}"


def test_own_cases_meet_the_bars() -> None:
    rows = _load(CASES)
    categories = Counter(r["category"] for r in rows)
    assert len(rows) >= 250 and all(n >= 3 for n in categories.values()), categories
    recall, false_alarm, problems = _score(rows)
    report = "\n".join(problems)
    assert recall >= 0.95, f"recall {recall:.3f}\n{report}"
    assert false_alarm <= 0.05, f"false alarms {false_alarm:.3f}\n{report}"


# --- offsets through Slack and Discord markup --------------------------------------------


def _values(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


def test_slack_mailto_reports_both_copies_in_original_offsets() -> None:
    text = "HCP &amp; son: <mailto:ann.lee@example.com|ann.lee@example.com> please"
    assert _values(text) == [("EMAIL", "ann.lee@example.com"), ("EMAIL", "ann.lee@example.com")]


def test_slack_entities_shift_offsets_back_to_the_original() -> None:
    text = "&lt;&lt;&amp;&gt; pt &amp; wife: MRN 4417-2290 &amp; DOB 07/22/1958"
    assert _values(text) == [("MRN", "4417-2290"), ("DATE", "07/22/1958")]


def test_escaped_ampersand_inside_a_link_stays_inside_the_span() -> None:
    text = "<https://pacs.example.org/viewer?acc=A1&amp;mrn=42157976|images> for her"
    assert _values(text) == [("URL", "https://pacs.example.org/viewer?acc=A1&amp;mrn=42157976")]


def test_slack_mentions_and_channels_are_not_names() -> None:
    assert scan("<@U0LSUBXK0DQ> <#C024BE7LR|general> <!here> BP 142/88, K 5.6") == []


def test_discord_markdown_and_mentions() -> None:
    text = "<@559026609488735996> **MRN** `E4409786` and ||SSN 531-72-6604||"
    assert _values(text) == [("MRN", "E4409786"), ("SSN", "531-72-6604")]


def test_discord_bare_link_brackets() -> None:
    text = "<https://telehealth.example.net/visit/5645-9946> at 2pm"
    assert _values(text) == [("URL", "https://telehealth.example.net/visit/5645-9946")]


def test_zero_width_characters_do_not_hide_a_value() -> None:
    text = "MRN 4417\u200b2290 please"
    found = scan(text)
    assert len(found) == 1 and text[found[0].start : found[0].end] == "4417\u200b2290"


# --- validators --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("531-72-6604", True),
        ("213 24 7849", True),
        ("358898763", True),
        ("000-12-3456", False),
        ("666-12-3456", False),
        ("912-34-5678", False),
        ("123-00-4567", False),
        ("123-45-0000", False),
        ("12-345-678", False),
    ],
)
def test_ssn_ranges(value: str, ok: bool) -> None:
    assert ssn_ok(value) is ok


def test_invalid_ssn_shapes_are_not_reported_as_ssn() -> None:
    assert scan("lot 912-34-5678 of the stents") == []
    assert [f.kind for f in scan("code 531-72-6604 on the form")] == ["SSN"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [("1271725305", True), ("1679576722", True), ("1234567893", True), ("1234567890", False),
     ("2065550140", False), ("3234567893", False)],
)  # fmt: skip
def test_npi_luhn_with_80840_prefix(value: str, ok: bool) -> None:
    assert npi_ok(value) is ok


def test_npi_in_physician_context_is_not_phi() -> None:
    assert scan("my NPI is 1271725305 for the referral") == []
    assert scan("ordering provider 1679576722 keeps getting rejected") == []


def test_same_number_behind_a_record_label_is_phi() -> None:
    assert _values("MRN 1271725305 for the echo") == [("MRN", "1271725305")]


# --- robustness and speed ----------------------------------------------------------------


def test_long_lines_and_control_characters_are_safe_and_fast() -> None:
    nasty = [
        "a" * 10_000,
        "1" * 10_000,
        "1-" * 5_000,
        "Mr. " * 2_500,
        "x@" * 5_000,
        "<" * 5_000 + ">" * 5_000,
        "&amp;" * 2_000,
        "**" * 5_000,
        "four " * 2_000,
        "1 " * 5_000,
        "Aa Bb " * 1_700,
        "\x00\x01\x1b[31m\x7f" * 2_000,
        "born 1/2/1930 " * 700,
        "http://" + "a/" * 5_000,
        "pt " * 3_300,
        "9" * 3 + "." * 5_000,
        "Margaret Okonkwo " * 600,
        "Aa Bb " * 1_700,
        "lives in Town " * 800,
        "<mailto:" + "a" * 9_990 + ">",
        "\u200b" * 10_000,
        ".com" * 2_500,
        "a.com " * 1_600,
        ("a" * 60 + "@") * 160,
        "www." * 2_500,
    ]
    for text in nasty:
        start = time.process_time()
        found = scan(text)
        assert time.process_time() - start < 1.0, text[:20]
        for f in found:
            assert 0 <= f.start < f.end <= len(text)
        assert found == sorted(found, key=lambda f: f.start)
        assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_empty_and_blank_text() -> None:
    assert scan("") == []
    assert scan("   \t ") == []


def test_throughput_is_well_above_the_bar() -> None:
    # CPU time, best of three rounds: wall time on a shared CI box measures the neighbours.
    rows = [r["text"] for r in _load(CASES)]
    lines = (rows * (2_000 // len(rows) + 1))[:2_000]
    best = 0.0
    for _ in range(3):
        start = time.process_time()
        for line in lines:
            scan(line)
        best = max(best, len(lines) / max(time.process_time() - start, 1e-9))
    assert best >= 5_000, f"{best:.0f} messages/s"


# --- the same shape, two meanings: context decides ----------------------------------


@pytest.mark.parametrize(
    ("phi", "quiet"),
    [
        ("daughter's cell is 617-555-0187", "echo lab scheduling: (312) 555-0169"),
        ("admitted 2/14 with a GI bleed", "tumor board moved to 4/9"),
        ("DOB 07/22/1958, new AF", "published 07/22/2024 in JACC"),
        ("My 93-year-old with severe AS", "patients aged 90 or older were excluded"),
        ("age 100, asking about mammograms", "the >=90 group bled more"),
        (
            "https://mychart.example.org/patient/result?id=88123904",
            "https://pubmed.ncbi.nlm.nih.gov/31879015/",
        ),
        (
            "Reuben Lindahl in room 3 wants a 2nd opinion",
            "Mateo Okafor and I are writing up a case",
        ),
        ("Mrs. Alvarez is refusing transfusion", "thanks Dr. Achebe for covering"),
        ("Only Fabry case in ZIP 05742", "CPT 93351 for the stress echo"),
        ("chart# 82446472 - pt never got the prep", "PMID 36027563 for the methods"),
        ("ICD serial PJN604417K shocked twice", "ICD-10 I48.91 vs I48.20"),
        ("social 358898763 for the assistance form", "the bot asked for my NPI, it's 1271725305"),
    ],
)
def test_context_separates_identifiers_from_look_alikes(phi: str, quiet: str) -> None:
    assert scan(phi), phi
    assert scan(quiet) == [], quiet


# --- redact / summarize ------------------------------------------------------------------


def test_redact_replaces_each_value_by_its_kind() -> None:
    text = "Camille Bachmann, dob 8/27/88, mrn 4345-4739 - can cards see her today?"
    assert redact(text, scan(text)) == "[NAME], dob [DATE], mrn [MRN] - can cards see her today?"


def test_redact_handles_unsorted_and_overlapping_findings() -> None:
    text = "0123456789"
    findings = [Finding("MRN", 6, 9), Finding("SSN", 1, 4), Finding("DATE", 2, 5)]
    assert redact(text, findings) == "0[SSN]5[MRN]9"


def test_summarize_gives_kinds_and_positions_never_values() -> None:
    text = "Can radiology pull MRN 4417-2290 and DOB 07/22/1958?"
    found = scan(text)
    summary = summarize(found)
    assert summary == "MRN at 23–32, DATE at 41–51"
    assert "4417" not in summary and "1958" not in summary
    assert summarize([]) == ""


def test_findings_are_sorted_and_merged() -> None:
    text = "pt Fitzroy (93M), 4337 Sparrow Ave, wife's cell 206-555-0141"
    found = scan(text)
    assert [f.kind for f in found] == ["NAME", "AGE", "ADDRESS", "PHONE"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
