"""Tag matching: case-insensitive, bounded, never inside URLs or code, channel mentions count."""

from __future__ import annotations

import pytest

from bot.services.events.tags import find_tags, tag_key


@pytest.mark.parametrize(
    "text",
    [
        "#ACC26",
        "great talk #acc26!",
        "(#Acc26) and more",
        "end of sentence #ACC26.",
        "line one\n#ACC26 line two",
        "#ACC26-live is the thread",
        "Slack form <#C0123|acc26> counts",
        "see https://example.org/page and #ACC26 too",
    ],
)
def test_the_tag_is_found(text: str) -> None:
    assert "acc26" in find_tags(text).tags


@pytest.mark.parametrize(
    "text",
    [
        "#ACC265 is another meeting",
        "#ACC26x",
        "no tag here",
        "https://example.org/x#ACC26",
        "http://example.org/#ACC26/page",
        "www.example.org/#ACC26",
        "<https://example.org/#ACC26|a link #ACC26>",
        "inline `#ACC26` code",
        "```\ncode block #ACC26\n```",
        "word#ACC26 glued",
        "html entity &#ACC26;",
        "#_ACC26",
    ],
)
def test_the_tag_is_not_found(text: str) -> None:
    assert "acc26" not in find_tags(text).tags


def test_session_tags_and_several_tags() -> None:
    found = find_tags("#ACC26_S12 with #AHA26 and #acc26")
    assert found.tags == {"acc26_s12", "aha26", "acc26"}


def test_discord_mentions_come_back_as_ids_to_resolve() -> None:
    found = find_tags("posted in <#123456789> about it")
    assert found.tags == frozenset() and found.mention_ids == {"123456789"}
    assert found


def test_empty_result_is_falsy_and_keys_are_lower_case() -> None:
    assert not find_tags("nothing # here")
    assert tag_key("#ACC26") == "acc26"
