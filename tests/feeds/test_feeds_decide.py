"""decide: outcome + previous state -> what the poller stores (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feeds
from feeds.decision import DISABLE_AFTER, decide
from feeds.errors import FailureKind
from feeds.model import Failed, NotModified, Polled

NOW = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)


def half() -> float:
    return 0.5


def polled(**kw: object) -> Polled:
    base: dict[str, object] = dict(
        url="https://j.example.org/rss", final_url="https://j.example.org/rss", status=200,
        title="J", link=None, articles=(), etag='"e"', last_modified="lm", body_hash="h",
        max_age=None, permanent_redirect=None, warning=None,
    )  # fmt: skip
    base.update(kw)
    return Polled(**base)  # type: ignore[arg-type]


def test_success_resets_failures_and_keeps_validators() -> None:
    d = decide(polled(), failures=4, now=NOW, rand=half, base_interval=1800)
    assert (d.state, d.failures, d.last_status, d.last_error) == ("ok", 0, 200, None)
    assert (d.etag, d.last_modified, d.body_hash) == ('"e"', "lm", "h")
    assert d.next_poll == NOW + timedelta(seconds=1800)


def test_permanent_redirect_moves_the_feed_and_max_age_delays() -> None:
    d = decide(polled(permanent_redirect="https://new.example.org/rss", max_age=7200),
               failures=0, now=NOW, rand=half)
    assert d.url == "https://new.example.org/rss"
    assert d.next_poll is not None and d.next_poll >= NOW + timedelta(seconds=7200)


def test_not_modified_is_ok() -> None:
    d = decide(NotModified("u", 304, '"e"', "lm", "h"), failures=2, now=NOW, rand=half)
    assert (d.state, d.failures, d.last_status) == ("ok", 0, 304)


def test_failure_backs_off_keeps_old_validators_and_honours_retry_after() -> None:
    f = Failed("u", 429, "HTTP 429 Too Many Requests (retry after 9000 s)", FailureKind.HTTP, 9000)
    d = decide(f, failures=0, now=NOW, rand=half, previous=('"old"', "lm0", "h0"))
    assert (d.state, d.failures, d.last_status) == ("failing", 1, 429)
    assert d.last_error == "HTTP 429 Too Many Requests (retry after 9000 s)"
    assert (d.etag, d.last_modified, d.body_hash) == ('"old"', "lm0", "h0")
    assert d.next_poll is not None and d.next_poll >= NOW + timedelta(seconds=9000)


def test_disabled_after_repeated_failures_exactly_once() -> None:
    f = Failed("u", None, "timed out after 45 s", FailureKind.TIMEOUT)
    before = decide(f, failures=DISABLE_AFTER - 2, now=NOW, rand=half)
    assert before.state == "failing" and not before.just_disabled
    now_disabled = decide(f, failures=DISABLE_AFTER - 1, now=NOW, rand=half)
    assert now_disabled.state == "disabled" and now_disabled.just_disabled
    assert now_disabled.next_poll is None
    again = decide(f, failures=DISABLE_AFTER, now=NOW, rand=half)
    assert again.state == "disabled" and not again.just_disabled


def test_package_exports() -> None:
    assert feeds.decide is decide
    for name in feeds.__all__:
        assert getattr(feeds, name) is not None
