"""Roles: admins grant and revoke them; every change is audited."""
