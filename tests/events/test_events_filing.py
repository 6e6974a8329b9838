"""Which event and session a post's tags name, and what the rules decide (pure, no I/O)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.services.events.active import LiveEvent, Snapshot
from bot.services.events.filing import file_post, has_image
from bot.storage.repos.events import EventInfo, SessionInfo

T0 = datetime(2026, 3, 28, 14, 0, tzinfo=UTC)


def event(event_id: int, tag: str, **changes: object) -> EventInfo:
    base = EventInfo(
        id=event_id,
        tag=tag,
        tag_key=tag.lower(),
        tz="UTC",
        starts_on=None,
        ends_before=None,
        channel="general",
        thread="root",
        group_name=None,
        created_by=1,
        created_at=T0,
        stopped_at=None,
        stopped_by=None,
        post_until=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def session(session_id: int, code: str, channel: str | None = None, **flags: object) -> SessionInfo:
    values: dict[str, object] = {
        "id": session_id,
        "event_id": 1,
        "code": code,
        "code_key": code.lower(),
        "title": code,
        "starts_at": T0,
        "ends_at": T0 + timedelta(hours=1),
        "channel": channel,
        "embargo_until": None,
        "no_photos": False,
        "off_record": False,
        "group_name": None,
    }
    return SessionInfo(**{**values, **flags})  # type: ignore[arg-type]


def snapshot(*events: LiveEvent) -> Snapshot:
    return Snapshot(events, {e.info.tag_key: e for e in events})


def test_a_tag_belongs_to_the_event_with_the_longest_tag_it_extends() -> None:
    acc = LiveEvent(event(1, "ACC"), (session(1, "26"),))
    acc26 = LiveEvent(event(2, "ACC_26"), (session(2, "S1"),))
    snap = snapshot(acc, acc26)
    ((owner, named),) = snap.attribute(frozenset({"acc_26_s1"}))
    assert owner is acc26 and named is not None and named.code == "S1"
    ((owner, named),) = snap.attribute(frozenset({"acc_26"}))
    assert owner is acc26 and named is None
    ((owner, named),) = snap.attribute(frozenset({"acc_x9"}))  # unknown code: the event
    assert owner is acc and named is None
    assert snap.attribute(frozenset({"accx", "other"})) == []


def test_a_session_tag_wins_over_the_plain_tag_in_the_same_post() -> None:
    live = LiveEvent(event(1, "ACC26"), (session(1, "S12"),))
    ((_, named),) = snapshot(live).attribute(frozenset({"acc26", "acc26_s12"}))
    assert named is not None and named.code == "S12"


def test_the_window_files_a_post_and_a_channel_session_beats_a_general_one() -> None:
    live = LiveEvent(event(1, "ACC26"), (session(1, "ALL"), session(2, "CARD", "cardiology")))
    filed = file_post(
        live, None, at=T0, channel="cardiology", thread=None, private=False, image=False
    )
    assert filed is not None and filed.session is not None and filed.session.code == "CARD"
    filed = file_post(live, None, at=T0, channel="general", thread=None, private=False, image=False)
    assert filed is not None and filed.session is not None and filed.session.code == "ALL"
    later = T0 + timedelta(hours=2)
    filed = file_post(
        live, None, at=later, channel="general", thread=None, private=False, image=False
    )
    assert filed is not None and filed.session is None and filed.state == "pending"


def test_the_rules_in_order() -> None:
    held = session(1, "E", embargo_until=T0 + timedelta(hours=3), no_photos=True)
    live = LiveEvent(event(1, "ACC26"), (held,), frozenset({"opted"}))
    kw = {"at": T0, "thread": None, "image": True}
    assert file_post(live, None, channel="secret", private=True, **kw) is None  # type: ignore[arg-type]
    filed = file_post(live, None, channel="opted", private=True, **kw)  # type: ignore[arg-type]
    assert filed is not None and filed.state == "embargoed"
    after = T0 + timedelta(hours=4)
    filed = file_post(live, held, at=after, channel="x", thread=None, private=False, image=True)
    assert filed is not None and filed.state == "no_photos" and filed.section == "live"
    in_thread = file_post(
        live, None, at=T0, channel="general", thread="root", private=False, image=False
    )
    assert in_thread is not None and in_thread.state == "in_thread"
    off = LiveEvent(event(1, "ACC26"), (session(1, "OFF", off_record=True),))
    assert file_post(off, None, at=T0, channel="x", thread=None, private=False, image=False) is None


def test_after_the_stop_only_tags_file_posts_and_then_nothing() -> None:
    stopped = event(1, "ACC26", stopped_at=T0, post_until=T0 + timedelta(days=14))
    live = LiveEvent(stopped, (session(1, "S1"),))
    later = T0 + timedelta(minutes=5)
    filed = file_post(live, None, at=later, channel="g", thread=None, private=False, image=False)
    assert filed is not None and filed.section == "post" and filed.session is None
    gone = T0 + timedelta(days=15)
    assert (
        file_post(live, None, at=gone, channel="g", thread=None, private=False, image=False) is None
    )


def test_images_are_known_by_their_names() -> None:
    assert has_image(("Slide.PNG",)) and has_image(("a.pdf", "b.heic"))
    assert not has_image(("notes.pdf",)) and not has_image(())
