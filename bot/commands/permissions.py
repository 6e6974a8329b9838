"""Who may run what: the one permission table of Rounds."""

from __future__ import annotations

from collections.abc import Collection
from enum import Enum

__all__ = ["ROLES", "Permission", "allowed", "denial_reason", "valid_role"]

#: Roles that can be granted; ``lead:GROUP`` is a specialty lead of one group.
ROLES = ("admin", "moderator", "organizer", "guest", "member")


class Permission(Enum):
    ANYONE = "anyone"  # guests included: read-only commands and help
    MEMBER = "member"
    LEAD = "lead"  # lead of the group the command names, or admin
    ORGANIZER = "organizer"
    MODERATOR = "moderator"
    ADMIN = "admin"


_GRANTED_BY: dict[Permission, frozenset[str]] = {
    Permission.ORGANIZER: frozenset({"admin", "organizer"}),
    Permission.MODERATOR: frozenset({"admin", "moderator"}),
    Permission.ADMIN: frozenset({"admin"}),
}

_REASONS = {
    Permission.MEMBER: "guests can only read: ask an admin for member access",
    Permission.LEAD: "only the group's lead or an admin can do that",
    Permission.ORGANIZER: "only organizers and admins can do that",
    Permission.MODERATOR: "only moderators and admins can do that",
    Permission.ADMIN: "only admins can do that",
}


def valid_role(role: str) -> bool:
    if role.startswith("lead:"):
        return len(role) > 5
    return role in ROLES


def allowed(permission: Permission, roles: Collection[str], group: str | None = None) -> bool:
    """Whether a member with ``roles`` may run a command needing ``permission``."""
    if permission is Permission.ANYONE:
        return True
    if "admin" in roles:
        return True
    if permission is Permission.MEMBER:
        return "guest" not in roles
    if permission is Permission.LEAD:
        return group is not None and f"lead:{group}" in roles
    return bool(_GRANTED_BY[permission] & set(roles))


def denial_reason(permission: Permission) -> str:
    return _REASONS.get(permission, "you are not allowed to do that")
