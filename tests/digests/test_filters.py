"""The filter language's limits: a pathological regular expression costs one time limit per
use of a filter, not one per article; how many patterns and how deep a filter nests are
bounded, with a message for its author."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest

from bot.services.digests.filters import MAX_DEPTH, MAX_PATTERNS, parse_filter

HOSTILE = "Heart failure in " + "a" * 40 + "c"  # (a|aa)+b backtracks on it until the limit


@dataclass
class Art:
    title: str
    type: str = "article"
    journal: str | None = None
    authors: list[str] = field(default_factory=list)
    doi: str | None = None


def test_a_pattern_out_of_time_is_given_up_for_the_rest_of_that_use(
    caplog: pytest.LogCaptureFixture,
) -> None:
    arts = [Art(HOSTILE) for _ in range(30)] + [Art("A randomized trial", type="rct")]
    with caplog.at_level(logging.WARNING):
        assert parse_filter("title:/(a|aa)+b/ OR type:rct").passing(arts) == arts[-1:]
        assert caplog.text.count("timed out") == 1
        # The next use (the next poll or digest) tries the pattern again.
        assert parse_filter("title:/(a|aa)+b/ OR type:rct").passing(arts) == arts[-1:]
        assert caplog.text.count("timed out") == 2
    # An ordinary pattern still decides every article.
    rule = parse_filter("title:/failure|trial/")
    assert rule.passing(arts) == arts


def test_patterns_and_nesting_are_bounded() -> None:
    allowed = " OR ".join(["title:/x/"] * MAX_PATTERNS)
    assert parse_filter(allowed).passing([Art("x")])
    with pytest.raises(ValueError, match=f"at most {MAX_PATTERNS}"):
        parse_filter(allowed + " OR title:/y/")
    assert parse_filter("(" * MAX_DEPTH + "type:rct" + ")" * MAX_DEPTH)
    # Deep enough to exhaust Python's stack before the limit existed (500 characters).
    for deep in ("(" * 240 + "type:rct" + ")" * 240, "NOT " * 120 + "type:rct"):
        with pytest.raises(ValueError, match="nests too deep"):
            parse_filter(deep)
