"""Capabilities, one package each; a ``capability`` module with ``setup(core)`` wires one in."""
