"""Slack and Discord markup, turned into plain text with a map back to the original.

Detectors run on a *view* of the message in which markup is neutralised: mentions and
channel links become blanks, link brackets and emphasis characters become spaces, Slack's
HTML entities are decoded and zero-width characters dropped. Most replacements keep the
length, so offsets stay aligned; the few that do not (entities, zero-width characters) are
recorded so that every span found in the view maps back to the ORIGINAL text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

# One pass over the original finds every construct that needs rewriting. Order matters:
# real Slack/Discord angle-bracket constructs are matched before single characters.
_TOKEN = re.compile(
    r"&(?:lt|gt|amp|quot|#39|nbsp);"  # Slack escapes
    r"|<[@#!:][^<>\s]{0,200}>"  # <@U123>, <@!123>, <#C1|name>, <!here>, <:emoji:1>
    r"|<a?:\w{1,64}:\d{1,30}>"  # Discord animated emoji
    r"|<t:-?\d{1,20}(?::[a-zA-Z])?>"  # Discord timestamps
    r"|<(?:https?|mailto|tel|ftp):[^<>\s|]{1,2000}(?:\|[^<>]{0,2000})?>"  # links, labelled or not
    # _italic_ / __underline__, not snake_case (look-behind after the first "_": faster)
    r"|_(?<![A-Za-z0-9]_)_*|_+(?![A-Za-z0-9])"
    r"|[*`~|\u200b\u200c\u200d\u2060\ufeff]"  # emphasis, code, spoiler, zero-width
)
_QUICK = re.compile(r"[&<*`~|_\u200b\u200c\u200d\u2060\ufeff]")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}
_SCHEMES = ("mailto:", "tel:")


@dataclass(slots=True)
class View:
    """Plain text for the detectors plus the map from its offsets to the original's."""

    text: str
    original: str
    # For each length-changing replacement: its span in the view and in the original.
    _dec_start: list[int] = field(default_factory=list)
    _dec_end: list[int] = field(default_factory=list)
    _org_start: list[int] = field(default_factory=list)
    _org_end: list[int] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span to the original text (a replaced piece maps to all of it)."""
        if not self._dec_start:
            return start, end
        return self._start(start), self._end(end)

    def _start(self, p: int) -> int:
        i = bisect_right(self._dec_start, p) - 1
        if i < 0:
            return p
        if p < self._dec_end[i]:
            return self._org_start[i]
        return p - self._dec_end[i] + self._org_end[i]

    def _end(self, p: int) -> int:
        # The replacement that holds the character just before p decides the end.
        i = bisect_right(self._dec_start, p - 1) - 1
        if i < 0:
            return p
        if p <= self._dec_end[i]:
            return self._org_end[i]
        return p - self._dec_end[i] + self._org_end[i]


def _replacement(tok: str) -> str:
    """The view text for one markup token (same length unless it is an entity)."""
    c = tok[0]
    if c == "&":
        return _ENTITIES[tok]
    if c == "<":
        inner = tok[1:-1]
        if inner[:1] == "#" and "|" in inner:
            # A channel link: keep its name ("journal-club" is context), blank the id.
            bar = inner.index("|")
            return " " * (bar + 2) + inner[bar + 1 :] + " "
        if inner[:1] in "@#!:" or inner.startswith(("a:", "t:")):
            return " " * len(tok)  # a mention or emoji names a colleague, not a patient
        # A link: keep target and label, blank the brackets, the bar and mailto:/tel:.
        bar = inner.find("|")
        target = inner if bar < 0 else inner[:bar]
        for scheme in _SCHEMES:
            if target.startswith(scheme):
                target = " " * len(scheme) + target[len(scheme) :]
                break
        if bar < 0:
            return " " + target + " "
        return " " + target + " " + inner[bar + 1 :] + " "
    if c in "\u200b\u200c\u200d\u2060\ufeff":
        return ""
    return " " * len(tok)


def to_view(text: str) -> View:
    """Neutralise Slack/Discord markup in ``text`` and remember how offsets move."""
    if _QUICK.search(text) is None:
        return View(text, text)
    view = View(text, text)
    parts: list[str] = []
    last = 0
    dec = 0  # length of the view built so far
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        if s > last:
            parts.append(text[last:s])
            dec += s - last
        rep = _replacement(m.group())
        if len(rep) != e - s:
            view._dec_start.append(dec)
            view._dec_end.append(dec + len(rep))
            view._org_start.append(s)
            view._org_end.append(e)
        parts.append(rep)
        dec += len(rep)
        last = e
    parts.append(text[last:])
    view.text = "".join(parts)
    return view
