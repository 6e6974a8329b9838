"""Plain dataclasses and enums of the core: no storage, no platform."""
