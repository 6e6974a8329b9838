"""Platform-neutral rich content that services return and adapters render natively."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

__all__ = [
    "Action",
    "Field",
    "FileOut",
    "Item",
    "Reply",
    "Section",
    "Visibility",
    "render_text",
]


class Visibility(Enum):
    PUBLIC = "public"
    PRIVATE = "private"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Item:
    """A line in a list: a question, an article, a post. ``meta`` is a short grey line."""

    title: str
    url: str | None = None
    meta: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    title: str = ""
    text: str = ""
    fields: tuple[Field, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """A button. ``id`` is a short kebab-case word; ``value`` travels back on a click."""

    id: str
    label: str
    value: str = ""
    style: str = "default"  # default | primary | danger


@dataclass(frozen=True, slots=True)
class FileOut:
    """A file the bot uploads; ``path`` is under the data folder."""

    name: str
    path: str
    mime: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What a service answers. ``text`` leads; sections, a context line, buttons and files
    follow. Private replies go only to the user who caused them."""

    text: str = ""
    sections: tuple[Section, ...] = ()
    context: str = ""
    actions: tuple[Action, ...] = ()
    files: tuple[FileOut, ...] = ()
    visibility: Visibility = Visibility.PUBLIC

    @property
    def private(self) -> bool:
        return self.visibility is Visibility.PRIVATE

    def as_private(self) -> Reply:
        return replace(self, visibility=Visibility.PRIVATE)

    @staticmethod
    def of(text: str, *, private: bool = False) -> Reply:
        return Reply(text=text, visibility=Visibility.PRIVATE if private else Visibility.PUBLIC)

    def plain_text(self) -> str:
        return render_text(self)


def _item_line(item: Item) -> str:
    line = f"• {item.title}"
    if item.url:
        line += f" <{item.url}>"
    if item.meta:
        line += f" — {item.meta}"
    return line


def render_text(reply: Reply) -> str:
    """Plain-text rendering, used by the console and as every platform's fallback text."""
    parts: list[str] = []
    if reply.text:
        parts.append(reply.text)
    for section in reply.sections:
        lines: list[str] = []
        if section.title:
            lines.append(f"*{section.title}*")
        if section.text:
            lines.append(section.text)
        lines.extend(f"{f.name}: {f.value}" for f in section.fields)
        lines.extend(_item_line(i) for i in section.items)
        if lines:
            parts.append("\n".join(lines))
    if reply.context:
        parts.append(f"_{reply.context}_")
    return "\n".join(parts)
