"""The composition root: builds the core from config and wires every capability.

Capabilities are discovered: each package under ``bot/services`` with a ``capability``
module contributes commands, hooks and job kinds through its ``setup(core)``.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Coroutine
from typing import Any

import bot.services
from bot.clock import Clock, SystemClock
from bot.commands.registry import Registry
from bot.config import Config
from bot.dispatch import Dispatcher
from bot.domain.reply import Reply
from bot.gate import Gate, PassGate
from bot.hooks import Hooks
from bot.outbox import Outbox
from bot.platform import Event, Platform, Tenant
from bot.scheduler import Scheduler
from bot.settings import Settings
from bot.storage.copies import CopyWriter
from bot.storage.db import Database
from bot.storage.repos import MemberRepo, TenantRepo
from bot.storage.repos.audit import AuditRepo
from bot.storage.repos.jobs import ClaimedJob
from bot.tasks import TaskTracker

__all__ = ["Core", "capability_modules"]

log = logging.getLogger(__name__)


def capability_modules() -> list[Any]:
    """Every ``bot.services.<name>.capability`` module, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(bot.services.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        name = f"bot.services.{info.name}.capability"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


class Core:
    """The running core: config, clock, database, registry, hooks, scheduler, platforms."""

    def __init__(
        self,
        config: Config,
        *,
        clock: Clock | None = None,
        db: Database | None = None,
        worker: str | None = None,
    ) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.db = db or Database(config.db_url)
        self.copies = CopyWriter(self.db)
        self.settings = Settings(self.db)
        self.registry = Registry()
        self.hooks = Hooks()
        self.gate: Gate = PassGate()
        self.tasks = TaskTracker()
        self.scheduler = Scheduler(self.db, self.clock, worker=worker)
        self.scheduler.on_maybe_lost.append(self._audit_maybe_not_sent)
        self.platforms: dict[str, Platform] = {}
        self.services: dict[str, Any] = {}
        self._tenant_ids: dict[Tenant, int] = {}
        self._tenants: dict[int, Tenant] = {}
        for module in capability_modules():
            module.setup(self)
        self.registry.check_complete()
        self.dispatcher = Dispatcher(self)

    def attach(self, platform: Platform) -> None:
        """Connect an adapter; the core calls it for every tenant of that platform."""
        self.platforms[platform.name] = platform

    async def start(self, *, ticking: bool = True) -> None:
        """Migrate the database and start the scheduler's ticks on the running loop."""
        await self.db.migrate()
        if ticking:
            self.scheduler.start()
            for hook in self.hooks.on_start:
                await hook()

    async def stop(self) -> None:
        await self.tasks.idle()
        for hook in self.hooks.on_stop:
            await hook()
        await self.scheduler.stop()
        await self.copies.close()
        await self.db.close()

    async def dispatch(self, event: Event) -> None:
        await self.dispatcher.dispatch(event)

    def spawn(self, coro: Coroutine[Any, Any, Any], what: str) -> None:
        """Work to continue after answering; the console waits for it before its next line."""
        self.tasks.spawn(coro, what)

    async def idle(self) -> None:
        await self.tasks.idle()

    async def tenant_id(self, tenant: Tenant) -> int:
        found = self._tenant_ids.get(tenant)
        if found is None:
            async with self.db.session() as s:
                found = await TenantRepo(s).ensure(
                    tenant.platform, tenant.workspace, self.clock.now()
                )
            self._tenant_ids[tenant] = found
            self._tenants[found] = tenant
        return found

    async def tenant(self, tenant_id: int) -> Tenant:
        found = self._tenants.get(tenant_id)
        if found is None:
            async with self.db.session() as s:
                row = await TenantRepo(s).by_id(tenant_id)
            if row is None:
                raise LookupError(f"tenant {tenant_id} is gone")
            found = Tenant(row[0], row[1])
            self._tenants[tenant_id] = found
            self._tenant_ids[found] = tenant_id
        return found

    async def audit(
        self,
        tenant_id: int,
        actor: str,
        action: str,
        target: str = "",
        *,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one audit row; ``actor`` is a member's pseudonym (or ``"system"``)."""
        async with self.db.session() as s:
            await AuditRepo(s, tenant_id).append(
                actor=actor,
                action=action,
                target=target,
                outcome=outcome,
                detail=detail,
                now=self.clock.now(),
            )

    async def _audit_maybe_not_sent(self, job: ClaimedJob) -> None:
        """A posting job crashed between marking and finishing: its post may be lost."""
        await self.audit(
            job.tenant_id,
            "system",
            "job.maybe_not_sent",
            f"job {job.id}",
            outcome="maybe_lost",
            detail={"kind": job.kind, "occurrence": job.occurrence.isoformat()},
        )

    async def home_view(self, tenant: Tenant, user_id: str, name: str) -> Reply:
        """A member's home at a glance (Slack App Home): a section from each capability."""
        tenant_id = await self.tenant_id(tenant)
        async with self.db.session() as s:
            member = await MemberRepo(s, tenant_id).ensure(user_id, name, self.clock.now())
        sections = []
        for hook in self.hooks.home:
            section = await hook(tenant_id, member)
            if section is not None:
                sections.append(section)
        return Reply(text=f"Rounds — welcome, {name}", sections=tuple(sections))

    def outbox(self, tenant: Tenant) -> Outbox:
        return Outbox(self.platforms[tenant.platform], tenant)

    async def outbox_for(self, tenant_id: int) -> Outbox:
        return self.outbox(await self.tenant(tenant_id))
