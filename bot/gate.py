"""The privacy gate's slot in the pipeline: every message, edit, file name and command argument
passes it before anything is stored, routed, mirrored, indexed or logged; text from outside
sources (feed items) passes it before Rounds posts it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.platform import FileRef

if TYPE_CHECKING:
    from bot.commands.spec import CommandSpec
    from bot.context import Ctx

__all__ = ["Gate", "GateResult", "PassGate"]


@dataclass(frozen=True, slots=True)
class GateResult:
    text: str  # redacted
    files: tuple[str, ...]  # redacted file names
    kinds: tuple[str, ...]  # identifier kinds found (never values)
    held: bool


class Gate(Protocol):
    async def check_message(
        self, ctx: Ctx, text: str, files: Sequence[FileRef], *, edit: bool
    ) -> GateResult:
        """Scan a message (or an edit); tell the author privately about findings."""
        ...

    async def check_command(self, ctx: Ctx, spec: CommandSpec, args: str) -> str:
        """Scan command arguments; return them redacted, or raise to stop the command."""
        ...

    def scrub(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Text from an outside source that Rounds is about to post: redacted, and the kinds
        of identifier found (never the values)."""
        ...


class PassGate:
    """No scanning: what the core does before the privacy capability installs its gate."""

    async def check_message(
        self, ctx: Ctx, text: str, files: Sequence[FileRef], *, edit: bool
    ) -> GateResult:
        return GateResult(text, tuple(f.name for f in files), (), False)

    async def check_command(self, ctx: Ctx, spec: CommandSpec, args: str) -> str:
        return args

    def scrub(self, text: str) -> tuple[str, tuple[str, ...]]:
        return text, ()
