"""Finding hashtags in a message: case-insensitive and bounded (``#ACC26`` is not ``#ACC265``),
never inside a URL or code, with the platform's channel-mention form counted as the tag.

Pure: no I/O. The result names tags in lower case; bare channel-mention ids (Discord's
``<#123>``, which carry no name) are returned for the caller to resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Found", "find_tags", "tag_key"]

# Code first: a URL inside code is code, and a backtick inside a URL is rare.
_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
# Slack's link markup `<https://…|label>`: the label belongs to the link, not to the text.
_LINK_MARKUP = re.compile(r"<(?:https?|ftp|mailto):[^>]*>", re.IGNORECASE)
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)\S+", re.IGNORECASE)
# Slack `<#C123|acc26>` (the name travels with it) and Discord `<#123>` (id only).
_CHANNEL_MENTION = re.compile(r"<#([A-Za-z0-9]+)(?:\|([^>]*))?>")
# Preceded by nothing word-like, '&' (HTML entities) or '/' (paths without a scheme);
# followed by nothing that could continue the tag: that is what makes it bounded.
_HASHTAG = re.compile(r"(?<![\w&#/])#([A-Za-z][A-Za-z0-9_]{0,59})(?![A-Za-z0-9_])")


@dataclass(frozen=True, slots=True)
class Found:
    """Tags in a message, lower case; and channel-mention ids that came without a name."""

    tags: frozenset[str]
    mention_ids: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.tags or self.mention_ids)


def tag_key(tag: str) -> str:
    """The comparison key of a tag: no leading '#', lower case."""
    return tag.lstrip("#").lower()


def find_tags(text: str) -> Found:
    """Every hashtag of ``text`` outside code and URLs, plus channel mentions."""
    if "#" not in text:
        return Found(frozenset())
    cleaned = _CODE_BLOCK.sub(" ", text)
    cleaned = _CODE_SPAN.sub(" ", cleaned)
    cleaned = _LINK_MARKUP.sub(" ", cleaned)
    tags: set[str] = set()
    ids: set[str] = set()
    for match in _CHANNEL_MENTION.finditer(cleaned):
        name = (match.group(2) or "").strip().lstrip("#")
        if name:
            tags.add(name.lower())
        else:
            ids.add(match.group(1))
    cleaned = _CHANNEL_MENTION.sub(" ", cleaned)
    cleaned = _URL.sub(" ", cleaned)
    tags.update(m.group(1).lower() for m in _HASHTAG.finditer(cleaned))
    return Found(frozenset(tags), frozenset(ids))
