"""The registry: specs by name and subcommand, bound handlers, usage and help texts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.commands.parse import ParsedArgs, Tokens, check_text, parse_args
from bot.commands.spec import CommandSpec, Handler
from bot.errors import UsageError

__all__ = ["Registry", "Resolved"]


@dataclass(frozen=True, slots=True)
class Resolved:
    spec: CommandSpec
    args: ParsedArgs


class Registry:
    """Every command of Rounds. A duplicate declaration or a spec without a handler fails at
    start, never at the first use."""

    def __init__(self) -> None:
        self._specs: dict[str, dict[str | None, CommandSpec]] = {}
        self._handlers: dict[str, Handler] = {}
        self._summaries: dict[str, str] = {}

    def summary(self, name: str, text: str) -> None:
        """What a top-level command with subcommands is for, in one line of /help."""
        self._summaries[name] = text

    def declare(self, specs: Iterable[CommandSpec]) -> None:
        for spec in specs:
            subs = self._specs.setdefault(spec.name, {})
            if spec.sub in subs:
                raise ValueError(f"command declared twice: /{spec.key}")
            subs[spec.sub] = spec

    def bind(self, handlers: Mapping[str, Handler]) -> None:
        """Attach handlers by spec key (``"group create"``, ``"ask"``)."""
        for key, handler in handlers.items():
            if key in self._handlers:
                raise ValueError(f"handler bound twice: /{key}")
            if not self._find_key(key):
                raise ValueError(f"handler for an undeclared command: /{key}")
            self._handlers[key] = handler

    def _find_key(self, key: str) -> CommandSpec | None:
        name, _, sub = key.partition(" ")
        return self._specs.get(name, {}).get(sub or None)

    def check_complete(self) -> None:
        missing = [s.key for s in self.specs() if s.key not in self._handlers]
        if missing:
            raise ValueError(f"commands without a handler: {', '.join('/' + m for m in missing)}")

    def handler(self, spec: CommandSpec) -> Handler:
        return self._handlers[spec.key]

    def specs(self) -> list[CommandSpec]:
        return [spec for name in sorted(self._specs) for spec in self._specs[name].values()]

    def names(self) -> list[str]:
        return sorted(self._specs)

    def subcommands(self, name: str) -> dict[str | None, CommandSpec]:
        return dict(self._specs.get(name, {}))

    def usage(self, name: str) -> str:
        """All usage lines of one command, one per line."""
        return "\n".join(spec.usage() for spec in self._specs.get(name, {}).values())

    def select(self, name: str, text: str) -> tuple[CommandSpec, str]:
        """The spec ``/name text`` addresses and the text of its arguments, unparsed (so that
        the privacy gate can scan them before any parsing error could quote them)."""
        subs = self._specs.get(name)
        if subs is None:
            raise UsageError(f"unknown command /{name[:32]}", "/help to list the commands")
        try:
            check_text(text)
        except UsageError as exc:
            raise UsageError(exc.message, self._brief(name)) from None
        tokens = Tokens(text)
        first = tokens.peek()
        word = first.value.lower() if first and not first.quoted else None
        if word is not None and word in subs:
            tokens.next()
            return subs[word], text[tokens.pos :].lstrip()
        if None in subs:
            return subs[None], text
        what = f"unknown subcommand '{first.value[:30]}'" if first else "missing subcommand"
        raise UsageError(f"{what} for /{name}", self._brief(name))

    def parse(self, spec: CommandSpec, text: str) -> ParsedArgs:
        """Parse a spec's argument text; errors carry its usage line."""
        try:
            return parse_args(spec, text)
        except UsageError as exc:
            raise UsageError(exc.message, spec.usage()) from None

    def resolve(self, name: str, text: str) -> Resolved:
        """Find the spec for ``/name text`` and parse its arguments."""
        spec, rest = self.select(name, text)
        return Resolved(spec, self.parse(spec, rest))

    def _brief(self, name: str) -> str:
        """A one-line usage of a whole command: its subcommands, or the bare form."""
        subs = [s for s in self._specs[name] if s]
        if not subs:
            return self._specs[name][None].usage()
        return f"/{name} {'|'.join(subs)} …"

    def summary_of(self, name: str) -> str:
        """What a top-level command is for: its declared summary, else its bare form's help,
        else its first subcommand's (``/help``, the Slack manifest, Discord descriptions)."""
        subs = self._specs[name]
        bare = subs.get(None)
        return self._summaries.get(name) or (bare.help if bare else next(iter(subs.values())).help)

    def help_text(self, name: str | None = None) -> str:
        """``/help`` lists every command; ``/help NAME`` gives its usage lines and help."""
        if name is None:
            lines = ["Rounds commands (type /help COMMAND for details):"]
            for cmd in self.names():
                subs = self._specs[cmd]
                named = [s for s in subs if s]
                bare = subs.get(None)
                head = f"/{cmd}" + (f" [{'|'.join(named)}]" if bare and named else "")
                head += f" {'|'.join(named)}" if named and not bare else ""
                lines.append(f"{head} — {_first_sentence(self.summary_of(cmd))}")
            return "\n".join(lines)
        key = name.lstrip("/").lower()
        if key not in self._specs:
            raise UsageError(f"unknown command /{key[:32]}", "/help [COMMAND]")
        lines = [f"/{key}"]
        for spec in self._specs[key].values():
            lines.append(f"  {spec.usage()}\n      {spec.help}")
            lines.extend(f"      e.g. {ex}" for ex in spec.examples)
        return "\n".join(lines)


def _first_sentence(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "…"
