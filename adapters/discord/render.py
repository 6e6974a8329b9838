"""The core's ``Reply`` as Discord messages: content, embeds and button rows, split within
Discord's limits. Pure: it returns JSON-shaped dicts (golden-tested), the sender turns them
into discord.py objects.

A reply with only text becomes message content. Anything richer becomes embeds: the lead
text and untitled sections share one card, each titled section gets its own, the scope
notice (``Reply.context``) is the footer of the last card, and the buttons go under the last
message. Nothing is cut: long text continues in the next embed or message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.domain.reply import Action, FileOut, Item, Reply, Section

__all__ = [
    "CONTENT_MAX",
    "EMBEDS_PER_MESSAGE",
    "EMBED_TOTAL_MAX",
    "OutMessage",
    "render",
    "title_line",
]

CONTENT_MAX = 2000
EMBED_TOTAL_MAX = 6000
EMBEDS_PER_MESSAGE = 10
FIELDS_PER_EMBED = 25
DESCRIPTION_MAX = 4096
TITLE_MAX = 256
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
BUTTONS_PER_ROW = 5
BUTTONS_PER_MESSAGE = 25
LABEL_MAX = 80

PUBLIC_COLOR = 0x2B7A78
PRIVATE_COLOR = 0x5B6770

_BUTTON_STYLES = {"primary": 1, "default": 2, "danger": 4}
#: The core writes a channel as ``#`` + its id; on Discord a snowflake after ``#`` is shown
#: as a clickable channel mention (which notifies nobody).
_CHANNEL_ID = re.compile(r"(?<![<\w&])#(\d{17,20})\b")


#: Bold and code marks, which a thread name would show literally.
_MARKUP = re.compile(r"[*`]")


def _mentions(text: str) -> str:
    return _CHANNEL_ID.sub(r"<#\1>", text)


@dataclass
class OutMessage:
    """One Discord message to send: the JSON shapes of its parts, and files to upload."""

    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    files: tuple[FileOut, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The message as Discord's JSON (files by name), for golden files and tests."""
        out: dict[str, Any] = {}
        if self.content:
            out["content"] = self.content
        if self.embeds:
            out["embeds"] = self.embeds
        if self.components:
            out["components"] = self.components
        if self.files:
            out["attachments"] = [{"filename": f.name, "content_type": f.mime} for f in self.files]
        return out


def _cut(text: str, limit: int) -> str:
    """For labels and titles only, where Discord has a hard cap and a short form is natural."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most ``limit`` characters, broken at line ends, else at spaces."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest:
        chunks.append(rest)
    return chunks


def _escape_link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _item_line(item: Item) -> str:
    title = f"[{_escape_link_text(item.title)}]({item.url})" if item.url else item.title
    return f"• {title}" + (f" — {item.meta}" if item.meta else "")


def _body(section: Section) -> str:
    lines = [section.text] if section.text else []
    lines.extend(_item_line(i) for i in section.items)
    return _mentions("\n".join(lines))


def title_line(reply: Reply, limit: int = 100) -> str:
    """A one-line name for a thread or forum post, from the reply's own (core) text."""
    for candidate in (reply.text, *(s.title or s.text for s in reply.sections)):
        line = _MARKUP.sub("", candidate.strip().split("\n", 1)[0]).strip("_ ")
        if line:
            return _cut(line, limit)
    return "Discussion"


@dataclass
class _Card:
    title: str = ""
    description: str = ""
    fields: list[tuple[str, str, bool]] = field(default_factory=list)


def _cards(reply: Reply) -> list[_Card]:
    cards: list[_Card] = []
    if reply.text:
        cards.append(_Card(description=_mentions(reply.text)))
    for section in reply.sections:
        body = _body(section)
        fields = [
            (f.name, _mentions(f.value), len(f.name) <= 40 and len(f.value) <= 40)
            for f in section.fields
        ]
        if cards and not section.title and not (body and cards[-1].fields):
            # An untitled section continues the card before it (the lead text and its list
            # or figures read as one card); only text cannot follow that card's fields.
            previous = cards[-1]
            previous.description = "\n".join(p for p in (previous.description, body) if p)
            previous.fields.extend(fields)
            continue
        cards.append(_Card(title=section.title, description=body, fields=fields))
    return [c for c in cards if c.title or c.description or c.fields]


def _embed_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", ()))
    return size + len(embed.get("footer", {}).get("text", ""))


def _embeds(cards: list[_Card], color: int, footer_room: int) -> list[dict[str, Any]]:
    """Cards as embeds, each within the per-embed limits and small enough that one embed plus
    the footer always fits a message."""
    budget = EMBED_TOTAL_MAX - footer_room
    embeds: list[dict[str, Any]] = []
    for card in cards:
        pieces = split_text(card.description, DESCRIPTION_MAX) if card.description else [""]
        for index, piece in enumerate(pieces):
            embed: dict[str, Any] = {"color": color}
            if card.title and index == 0:
                embed["title"] = _cut(card.title, TITLE_MAX)
            if piece:
                embed["description"] = piece
            embeds.append(embed)
        for name, value, inline in card.fields:
            for n, chunk in enumerate(split_text(value or "—", FIELD_VALUE_MAX)):
                label = _cut(name if n == 0 else f"{name} (cont.)", FIELD_NAME_MAX)
                entry = {"name": label, "value": chunk, "inline": inline}
                current = embeds[-1]
                fields = current.setdefault("fields", [])
                if len(fields) >= FIELDS_PER_EMBED or (
                    _embed_size(current) + len(label) + len(chunk) > budget
                ):
                    current = {"color": color, "fields": []}
                    embeds.append(current)
                    fields = current["fields"]
                fields.append(entry)
    return embeds


def _pack(embeds: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Embeds grouped into messages: at most 10 and 6,000 characters per message."""
    groups: list[list[dict[str, Any]]] = []
    size = 0
    for embed in embeds:
        grow = _embed_size(embed)
        if not groups or len(groups[-1]) >= EMBEDS_PER_MESSAGE or size + grow > EMBED_TOTAL_MAX:
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += grow
    return groups


def _rows(actions: tuple[Action, ...], custom_id: Callable[[Action], str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start in range(0, len(actions), BUTTONS_PER_ROW):
        buttons = [
            {
                "type": 2,
                "style": _BUTTON_STYLES.get(a.style, 2),
                "label": _cut(a.label, LABEL_MAX),
                "custom_id": custom_id(a),
            }
            for a in actions[start : start + BUTTONS_PER_ROW]
        ]
        rows.append({"type": 1, "components": buttons})
    return rows


def render(reply: Reply, custom_id: Callable[[Action], str]) -> list[OutMessage]:
    """The messages that show ``reply`` on Discord, in order (at least one)."""
    messages: list[OutMessage]
    if not reply.sections and not reply.context:
        text = _mentions(reply.text)
        messages = [OutMessage(content=c) for c in split_text(text, CONTENT_MAX)]
    else:
        color = PRIVATE_COLOR if reply.private else PUBLIC_COLOR
        footer = _cut(reply.context, FOOTER_MAX)
        embeds = _embeds(_cards(reply), color, len(footer))
        if footer:
            if not embeds:
                embeds.append({"color": color})
            embeds[-1]["footer"] = {"text": footer}
        messages = [OutMessage(embeds=group) for group in _pack(embeds)]
    if not messages:
        messages = [OutMessage()]
    if reply.files:
        messages[0].files = reply.files
    actions = reply.actions
    messages[-1].components = _rows(actions[:BUTTONS_PER_MESSAGE], custom_id)
    for start in range(BUTTONS_PER_MESSAGE, len(actions), BUTTONS_PER_MESSAGE):
        chunk = actions[start : start + BUTTONS_PER_MESSAGE]
        messages.append(OutMessage(content="More options:", components=_rows(chunk, custom_id)))
    if not messages[0].content and not messages[0].embeds and not messages[0].files:
        # Discord refuses an empty message; a reply of buttons only still needs a line.
        messages[0].content = "\u200b"
    return messages
