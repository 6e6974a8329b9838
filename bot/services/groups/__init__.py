"""Specialty groups: members, opt-in to routed questions, home channels, backup groups."""
