"""Members, their roles and profiles, and specialty groups."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Group", "MemberInfo", "Profile"]


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """A member as the dispatch chain sees them: enough to check permissions and to name
    them in the audit by pseudonym."""

    id: int
    user_id: str
    name: str
    pseudonym: str
    roles: frozenset[str] = field(default_factory=frozenset)
    verified: bool = False

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def has(self, *roles: str) -> bool:
        return self.is_admin or any(r in self.roles for r in roles)


@dataclass(frozen=True, slots=True)
class Profile:
    member_id: int
    user_id: str
    name: str
    full_name: str | None = None
    specialty: str | None = None
    title: str | None = None
    npi: str | None = None
    tz: str | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None
    verified: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    name: str
    home_channel: str | None
    backup: str | None = None
    members: int = 0
