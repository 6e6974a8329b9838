"""What every tenant-scoped repository shares."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["Scoped"]


class Scoped:
    """A repository of one tenant's rows: every query it makes is scoped by ``tenant_id``."""

    def __init__(self, session: AsyncSession, tenant_id: int) -> None:
        self.s = session
        self.tenant_id = tenant_id
