"""The console: a real platform for the core, interactive or driven by scripts."""

from adapters.console.runner import Console, ScriptError

__all__ = ["Console", "ScriptError"]
