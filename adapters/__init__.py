"""Adapters: the only place with platform knowledge (console, Slack, Discord)."""
