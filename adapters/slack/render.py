"""A core :class:`Reply` as Block Kit: sections, fields, a context line, buttons, a fallback.

Slack's limits are kept here and nowhere else: 3000 characters of section text, 10 fields of
2000, 25 buttons per actions block, 50 blocks and 40,000 characters per message (100 blocks
in a Home tab). A reply longer than one message becomes several, in order; the buttons and
the context line stay on the last one, next to the content they act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.reply import Action, Item, Reply, Section

__all__ = ["SlackMessage", "mrkdwn", "render", "render_home", "render_single"]

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_TEXT = 3000
MAX_BUTTONS = 25
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_MESSAGE_CHARS = 40000
MAX_FALLBACK = 3000
MAX_HEADER = 150

Block = dict[str, Any]

# Markup that passes through as is: user and channel mentions, links, and entities Slack
# itself escaped. Anything else that looks like markup (``<!channel>``, a stray ``<``) is
# escaped, so that no reply can ping a whole channel or forge a link.
_KEEP = re.compile(
    r"<[@#][A-Z0-9]+(?:\|[^<>]*)?>"
    r"|<(?:https?|mailto):[^<>\s|]+(?:\|[^<>]*)?>"
    r"|&(?:amp|lt|gt);"
)
_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# The core names channels and users by their platform ids (``#C0123ABCD``): on Slack those
# render as live mentions.
_CHANNEL_ID = re.compile(r"(?<![\w<&])#([CG][A-Z0-9]{8,})\b")
_USER_ID = re.compile(r"(?<![\w<&])@([UW][A-Z0-9]{8,})\b")


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One ``chat.postMessage``: the blocks, and the text shown in notifications."""

    text: str
    blocks: list[Block]


def _escape_plain(text: str) -> str:
    return "".join(_ESCAPE.get(ch, ch) for ch in text)


def mrkdwn(text: str) -> str:
    """Core text as Slack mrkdwn: mentions and links kept, everything else escaped."""
    out: list[str] = []
    pos = 0
    for match in _KEEP.finditer(text):
        out.append(_escape_plain(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_escape_plain(text[pos:]))
    escaped = "".join(out)
    escaped = _CHANNEL_ID.sub(r"<#\1>", escaped)
    return _USER_ID.sub(r"<@\1>", escaped)


def _link(url: str, label: str) -> str:
    """``<url|label>``: the URL may not carry the characters that end the markup."""
    safe_url = url.replace(" ", "%20").replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    # A link label cannot hold markup of its own: escape it, never convert mentions in it.
    return f"<{safe_url}|{_escape_plain(label) or safe_url}>"


def _pieces(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most ``limit`` characters, at line ends where possible,
    else at spaces, else anywhere (one very long word)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            head, line = line[:cut], line[cut:].lstrip(" ")
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _sections(text: str) -> list[Block]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in _pieces(text, MAX_SECTION_TEXT)
    ]


def _item_line(item: Item) -> str:
    line = "• " + (_link(item.url, item.title) if item.url else mrkdwn(item.title))
    if item.meta:
        line += f" · _{mrkdwn(item.meta)}_"
    return line


def _section_blocks(section: Section) -> list[Block]:
    """Title, text, fields, items, in the console's order; the text around the fields goes in
    as few section blocks as fit (a field list is a block of its own)."""
    title = f"*{mrkdwn(section.title)}*" if section.title else ""
    head = "\n".join(part for part in (title, mrkdwn(section.text)) if part)
    items = "\n".join(_item_line(i) for i in section.items)
    fields = [
        {"type": "mrkdwn", "text": f"*{mrkdwn(f.name)}*\n{mrkdwn(f.value)}"[:MAX_FIELD_TEXT]}
        for f in section.fields
    ]
    if not fields:
        return _sections("\n".join(part for part in (head, items) if part))
    blocks = _sections(head)
    for start in range(0, len(fields), MAX_FIELDS):
        blocks.append({"type": "section", "fields": fields[start : start + MAX_FIELDS]})
    blocks.extend(_sections(items))
    return blocks


def _button(action: Action) -> Block:
    if len(action.value) > MAX_BUTTON_VALUE:
        raise ValueError(f"button {action.id}: value longer than {MAX_BUTTON_VALUE} characters")
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": action.label[:MAX_BUTTON_LABEL], "emoji": True},
        "action_id": action.id,
    }
    if action.value:
        button["value"] = action.value
    if action.style in ("primary", "danger"):
        button["style"] = action.style
    return button


def _actions_blocks(actions: tuple[Action, ...]) -> list[Block]:
    """Buttons in actions blocks of at most 25; a repeated action id (one "accept" button
    per answer) starts a new block, because Slack wants ids unique within a block."""
    blocks: list[Block] = []
    current: list[Block] = []
    seen: set[str] = set()
    for action in actions:
        if len(current) == MAX_BUTTONS or action.id in seen:
            blocks.append({"type": "actions", "elements": current})
            current, seen = [], set()
        current.append(_button(action))
        seen.add(action.id)
    if current:
        blocks.append({"type": "actions", "elements": current})
    return blocks


def _blocks(reply: Reply) -> tuple[list[Block], list[Block]]:
    """(content blocks, closing blocks): the closing ones (context, buttons) end the reply."""
    content: list[Block] = []
    if reply.text:
        content.extend(_sections(mrkdwn(reply.text)))
    for index, section in enumerate(reply.sections):
        blocks = _section_blocks(section)
        if index > 0 and blocks and content:
            content.append({"type": "divider"})
        content.extend(blocks)
    closing: list[Block] = []
    if reply.context:
        closing.extend(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"_{piece}_"}]}
            for piece in _pieces(mrkdwn(reply.context), MAX_CONTEXT_TEXT - 2)
        )
    closing.extend(_actions_blocks(reply.actions))
    return content, closing


def _block_text(block: Block) -> str:
    if block["type"] == "section":
        if "text" in block:
            return str(block["text"]["text"])
        return "\n".join(str(f["text"]) for f in block["fields"])
    if block["type"] == "context":
        return "\n".join(str(e["text"]) for e in block["elements"])
    return ""


def _fallback(blocks: list[Block]) -> str:
    text = "\n".join(t for t in (_block_text(b) for b in blocks) if t)
    if len(text) > MAX_FALLBACK:
        text = text[: MAX_FALLBACK - 1] + "…"
    return text or " "


def render(reply: Reply) -> list[SlackMessage]:
    """The messages that carry ``reply``, in order: usually one, none for a reply that is
    only files."""
    content, closing = _blocks(reply)
    messages: list[list[Block]] = []
    current: list[Block] = []
    chars = 0
    for block in content:
        size = len(_block_text(block))
        if current and (
            len(current) >= MAX_BLOCKS or chars + size > MAX_MESSAGE_CHARS - MAX_FALLBACK
        ):
            messages.append(current)
            current, chars = [], 0
        if block["type"] == "divider" and not current:
            continue  # a divider never opens a message
        current.append(block)
        chars += size
    closing_chars = sum(len(_block_text(b)) for b in closing)
    if current and (
        len(current) + len(closing) > MAX_BLOCKS
        or chars + closing_chars > MAX_MESSAGE_CHARS - MAX_FALLBACK
    ):
        messages.append(current)
        current = []
    current.extend(closing)
    if current:
        messages.append(current)
    return [SlackMessage(_fallback(blocks), blocks) for blocks in messages]


def render_single(reply: Reply) -> SlackMessage:
    """One message for ``chat.update``: a reply too long for it is shortened, saying so."""
    messages = render(reply) or [SlackMessage("…", _sections("…"))]
    if len(messages) == 1:
        return messages[0]
    first = messages[0]
    blocks = first.blocks[: MAX_BLOCKS - 1]
    blocks.append(
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_(shortened to fit)_"}]}
    )
    return SlackMessage(first.text, blocks)


def render_home(reply: Reply) -> dict[str, Any]:
    """The App Home tab (``views.publish``): the whole reply in at most 100 blocks."""
    content, closing = _blocks(reply)
    blocks = content + closing
    if reply.text and "\n" not in reply.text and len(reply.text) <= MAX_HEADER:
        # A one-line greeting is the tab's title.
        header = {"type": "plain_text", "text": reply.text, "emoji": True}
        blocks[0] = {"type": "header", "text": header}
    if len(blocks) > MAX_HOME_BLOCKS:
        more = {"type": "context", "elements": [{"type": "mrkdwn", "text": "_…and more: /help_"}]}
        blocks = [*blocks[: MAX_HOME_BLOCKS - 1], more]
    return {"type": "home", "blocks": blocks}
