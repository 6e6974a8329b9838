"""Rendered messages (JSON shapes) as discord.py arguments for sending and editing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord

from adapters.discord.render import OutMessage

__all__ = ["edit_kwargs", "send_kwargs"]


def _view(components: list[dict[str, Any]]) -> discord.ui.View:
    """Buttons for a message. The click comes back through ``on_interaction`` with its custom
    id; the view is stopped at once, so discord.py does not keep it in its view store (which
    would grow with every message that has buttons)."""
    view = discord.ui.View(timeout=None)
    for row, data in enumerate(components):
        for button in data["components"]:
            view.add_item(
                discord.ui.Button(
                    style=discord.ButtonStyle(button["style"]),
                    label=button["label"],
                    custom_id=button["custom_id"],
                    row=row,
                )
            )
    view.stop()
    return view


def _files(message: OutMessage, data_dir: Path) -> list[discord.File]:
    files = []
    for out in message.files:
        path = Path(out.path)
        if not path.is_absolute() and not path.exists():
            path = data_dir / path
        files.append(discord.File(path, filename=out.name))
    return files


def send_kwargs(message: OutMessage, data_dir: Path) -> dict[str, Any]:
    """Keyword arguments for ``send`` / ``send_message`` / ``followup.send``."""
    kwargs: dict[str, Any] = {}
    if message.content:
        kwargs["content"] = message.content
    if message.embeds:
        kwargs["embeds"] = [discord.Embed.from_dict(e) for e in message.embeds]
    if message.components:
        kwargs["view"] = _view(message.components)
    if message.files:
        kwargs["files"] = _files(message, data_dir)
    return kwargs


def edit_kwargs(message: OutMessage) -> dict[str, Any]:
    """Keyword arguments for ``edit``: every part is set, so that what the new reply lacks
    (buttons after a click, say) disappears."""
    return {
        "content": message.content or None,
        "embeds": [discord.Embed.from_dict(e) for e in message.embeds],
        "view": _view(message.components) if message.components else None,
    }
