"""The texts the privacy capability sends. None of them ever quotes a detected value: they
name kinds and character positions, so that the author can find what to edit."""

from __future__ import annotations

from bot.domain.reply import Action, Reply
from bot.services.privacy.findings import Detection

__all__ = [
    "NOT_PHI",
    "SCOPE_RELEASE",
    "command_notice",
    "image_reminder",
    "moderator_alert",
    "phi_notice",
    "scope_alert",
    "scope_notice",
]

NOT_PHI = "not-phi"
SCOPE_RELEASE = "scope-release"

_NOT_A_RECORD = (
    "Slack and Discord are not systems for patient information: keep identifiers out of chat."
)


def _place(channel: str | None) -> str:
    return f"in #{channel}" if channel else "in your message to Rounds"


def phi_notice(
    found: Detection,
    *,
    channel: str | None,
    edit: bool,
    held: bool,
    deleted: bool,
    button_value: str,
) -> Reply:
    """The private notice to the author of a message with identifiers."""
    what = "Your edit" if edit else "Your message"
    lines = [
        f"{what} {_place(channel)} looks like it holds patient identifiers: "
        f"{', '.join(found.kinds)} ({found.where()}; character positions, values not repeated).",
        "Rounds keeps only a redacted copy, with each identifier replaced by its kind.",
    ]
    if deleted:
        lines.append("Rounds removed your message: please post it again without them.")
    else:
        if held:
            lines.append(
                "It is held: not routed, shared or indexed until an edit of it scans clean."
            )
        lines.append(
            "Please edit or delete it: Rounds cannot change the platform's own copy."
            if channel
            else "Please do not send identifiers to Rounds."
        )
    actions = () if deleted else (Action(NOT_PHI, "Not patient information", button_value),)
    return Reply(text="\n".join(lines), context=_NOT_A_RECORD, actions=actions).as_private()


def command_notice(found: Detection, *, command: str, refused: bool) -> Reply:
    """The private notice for a command whose arguments held identifiers."""
    where = (
        f"{', '.join(found.kinds)} ({found.where()}, counting from the first character "
        f"after /{command})"
    )
    if refused:
        text = (
            f"Not run: the command looks like it holds patient identifiers: {where}. "
            "Remove them and try again."
        )
    else:
        text = (
            f"The command looks like it held patient identifiers: {where}. "
            "Rounds ran it with each one replaced by its kind."
        )
    return Reply(text=text, context=_NOT_A_RECORD).as_private()


def image_reminder() -> Reply:
    return Reply.of(
        "Reminder: Rounds does not read images, only file names. Make sure the image shows no "
        "patient identifiers (faces, wristbands, monitors, charts, labels).",
        private=True,
    )


def moderator_alert(
    found: Detection, *, author: str, channel: str, held: bool, deleted: bool
) -> Reply:
    outcome = "removed" if deleted else ("held" if held else "left up, author asked to edit")
    return Reply.of(
        f"Patient identifiers ({', '.join(found.kinds)}) found in a message by @{author} in "
        f"#{channel}: {outcome}. The values are not shown here; the stored copy is redacted.",
        private=True,
    )


def scope_notice(disclaimer: str) -> Reply:
    """The polite notice to someone who seems to ask about their own or a relative's care."""
    return Reply(
        text=(
            "Thank you for your message. This is a space where clinicians discuss cases among "
            "peers, and nobody here can give personal medical advice. If this is about your "
            "own or a relative's health, please ask your own doctor, or in an emergency call "
            "your local emergency number. A moderator will look at your message; until then "
            "it is not shared further."
        ),
        context=disclaimer,
    ).as_private()


def scope_alert(*, author: str, channel: str, button_value: str) -> Reply:
    return Reply(
        text=(
            f"A message by @{author} in #{channel} reads like a patient or relative seeking "
            "personal advice. It is held; they got the scope notice. Release it if it is a "
            "clinician's question."
        ),
        actions=(Action(SCOPE_RELEASE, "Release", button_value, style="primary"),),
    ).as_private()
