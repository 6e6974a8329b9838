"""Rounds' platform-agnostic core: domain, services, commands, storage and the port."""
