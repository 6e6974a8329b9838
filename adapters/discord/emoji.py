"""Reactions between Discord and the core: Discord sends Unicode emoji, the core speaks the
Slack-style short names of the port (``white_check_mark``)."""

from __future__ import annotations

__all__ = ["to_discord", "to_short_name"]

_VARIATION = "\ufe0f"

#: The short names the core uses or members commonly react with. An emoji that is not listed
#: travels as itself, so nothing is lost, it just matches no short name the core knows.
_SHORT_NAMES: dict[str, str] = {
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "ballot_box_with_check": "☑️",
    "x": "❌",
    "+1": "👍",
    "-1": "👎",
    "eyes": "👀",
    "raised_hands": "🙌",
    "pray": "🙏",
    "clap": "👏",
    "ok_hand": "👌",
    "muscle": "💪",
    "point_up": "☝️",
    "tada": "🎉",
    "heart": "❤️",
    "100": "💯",
    "fire": "🔥",
    "star": "⭐",
    "rocket": "🚀",
    "thinking_face": "🤔",
    "warning": "⚠️",
    "no_entry": "⛔",
    "no_entry_sign": "🚫",
    "question": "❓",
    "exclamation": "❗",
    "bulb": "💡",
    "memo": "📝",
    "pushpin": "📌",
    "link": "🔗",
    "lock": "🔒",
    "bell": "🔔",
    "mag": "🔍",
    "books": "📚",
    "newspaper": "📰",
    "calendar": "📅",
    "hourglass": "⌛",
    "hourglass_flowing_sand": "⏳",
    "repeat": "🔁",
    "speech_balloon": "💬",
    "microscope": "🔬",
    "stethoscope": "🩺",
    "hospital": "🏥",
    "pill": "💊",
    "syringe": "💉",
    "dna": "🧬",
    "chart_with_upwards_trend": "📈",
    "arrow_up": "⬆️",
    "red_circle": "🔴",
    "large_green_circle": "🟢",
}
_BY_CHAR: dict[str, str] = {
    char.replace(_VARIATION, ""): name for name, char in _SHORT_NAMES.items()
}


def to_short_name(emoji: str) -> str:
    """The core's name of a Unicode emoji (or a custom emoji's name) from Discord."""
    return _BY_CHAR.get(emoji.replace(_VARIATION, ""), emoji)


def to_discord(name: str) -> str:
    """The Unicode emoji for a core short name; anything else is sent as given."""
    return _SHORT_NAMES.get(name.strip(":"), name)
