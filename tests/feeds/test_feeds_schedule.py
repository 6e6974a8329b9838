"""next_poll: backoff, jitter, Retry-After and max-age as lower bounds; header parsing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from feeds.schedule import MAX_RETRY_AFTER, next_poll, parse_max_age, parse_retry_after

NOW = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)


def const(x: float) -> Callable[[], float]:
    return lambda: x


def test_success_polls_at_base_interval_with_symmetric_jitter() -> None:
    assert next_poll(failures=0, base_interval=3600, rand=const(0.5)) == pytest.approx(3600)
    low = next_poll(failures=0, base_interval=3600, rand=const(0.0), jitter=0.1)
    high = next_poll(failures=0, base_interval=3600, rand=const(0.999999), jitter=0.1)
    assert low == pytest.approx(3240) and high == pytest.approx(3960, rel=1e-4)


def test_failures_back_off_exponentially_up_to_the_cap() -> None:
    delays = [
        next_poll(failures=n, base_interval=600, rand=const(0.5), max_interval=86400)
        for n in range(0, 12)
    ]
    assert delays[:5] == [600, 600, 1200, 2400, 4800]
    assert delays[-1] == 86400
    assert delays == sorted(delays)
    assert next_poll(failures=10_000, base_interval=600, rand=const(0.5)) == 86400


def test_retry_after_and_max_age_are_lower_bounds() -> None:
    assert next_poll(failures=1, base_interval=600, retry_after=7200, rand=const(0.0)) >= 7200
    assert next_poll(failures=0, base_interval=600, max_age=5000, rand=const(0.0)) >= 5000
    # a bound beyond the cap still wins (the server asked us to wait), spread upwards
    d = next_poll(failures=0, base_interval=600, retry_after=200_000, rand=const(0.5))
    assert 200_000 <= d <= 220_000
    # small hints do not shorten the interval
    assert next_poll(failures=0, base_interval=3600, max_age=60, rand=const(0.5)) == 3600


def test_min_interval_is_a_floor() -> None:
    assert next_poll(failures=0, base_interval=5, rand=const(0.0), min_interval=300) >= 300


def test_parse_retry_after() -> None:
    assert parse_retry_after("120", NOW) == 120
    assert parse_retry_after("Sat, 28 Mar 2026 08:10:00 GMT", NOW) == 600
    assert parse_retry_after("Sat, 28 Mar 2026 07:00:00 GMT", NOW) == 0
    assert parse_retry_after("99999999999", NOW) == MAX_RETRY_AFTER
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_parse_max_age() -> None:
    assert parse_max_age("public, max-age=1800") == 1800
    assert parse_max_age('s-maxage=60, max-age="900"') == 900
    assert parse_max_age("s-maxage=60") == 60
    assert parse_max_age("no-cache") is None
    assert parse_max_age(None) is None
