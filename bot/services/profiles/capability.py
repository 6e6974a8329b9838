"""``/profile set|show``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands import Arg, ArgKind, CommandSpec, ParsedArgs, Permission
from bot.context import Ctx
from bot.domain.members import Profile
from bot.domain.reply import Field, Reply, Section
from bot.errors import NotFound, UsageError
from bot.services.profiles.npi import npi_valid
from bot.services.profiles.quiet import parse_quiet
from bot.storage.repos import MemberRepo

if TYPE_CHECKING:
    from bot.app import Core

FIELDS = ("name", "specialty", "title", "npi", "tz", "quiet")

SPECS = (
    CommandSpec(
        "profile",
        "set",
        "Set fields of your profile: name, specialty, title, npi, tz, quiet (e.g. 22:00-07:00).",
        args=(Arg("fields", ArgKind.PAIRS, choices=FIELDS),),
        examples=(
            '/profile set name "Ana Okafor" specialty cardiology title "Interventional '
            'cardiologist" npi 1234567893 tz America/Chicago quiet 22:00-07:00',
        ),
    ),
    CommandSpec(
        "profile",
        "show",
        "Show your profile, or another member's.",
        args=(Arg("user", ArgKind.USER, required=False),),
        permission=Permission.ANYONE,
    ),
)

_SPECIALTY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def _validated(fields: dict[str, str]) -> dict[str, Any]:
    """Column values from ``/profile set`` pairs, each checked with a specific error."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        value = value.strip()
        if key == "name":
            if not value or len(value) > 120:
                raise UsageError("name must be 1 to 120 characters")
            out["full_name"] = value
        elif key == "title":
            if not value or len(value) > 120:
                raise UsageError("title must be 1 to 120 characters")
            out["title"] = value
        elif key == "specialty":
            spec = value.lstrip("#").lower()
            if not _SPECIALTY.fullmatch(spec):
                raise UsageError(f"'{value[:40]}' is not a specialty (e.g. cardiology)")
            out["specialty"] = spec
        elif key == "npi":
            if not npi_valid(value):
                raise UsageError("that NPI is not valid: 10 digits with a correct check digit")
            out["npi"] = value
            out["verified"] = False
        elif key == "tz":
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise UsageError(
                    f"'{value[:40]}' is not a time zone (e.g. America/Chicago)"
                ) from None
            out["tz"] = value
        elif key == "quiet":
            if value.lower() == "off":
                out["quiet_start"] = out["quiet_end"] = None
            else:
                try:
                    out["quiet_start"], out["quiet_end"] = parse_quiet(value)
                except ValueError as exc:
                    raise UsageError(str(exc)) from None
    return out


def render_profile(profile: Profile) -> Reply:
    """A profile card."""
    fields = [Field("Name", profile.full_name or "—")]
    if profile.title:
        fields.append(Field("Title", profile.title))
    fields.append(Field("Specialty", profile.specialty or "—"))
    if profile.npi:
        fields.append(Field("NPI", profile.npi))
    fields.append(Field("Verified", "yes ✓" if profile.verified else "no"))
    if profile.tz:
        fields.append(Field("Time zone", profile.tz))
    if profile.quiet_start and profile.quiet_end:
        fields.append(Field("Quiet hours", f"{profile.quiet_start}–{profile.quiet_end}"))
    roles = sorted(r for r in profile.roles if r != "member")
    if roles:
        fields.append(Field("Roles", ", ".join(roles)))
    return Reply(text=f"Profile of @{profile.name}", sections=(Section(fields=tuple(fields)),))


class Profiles:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def set(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        values = _validated(args.pairs("fields"))
        async with self.core.db.session() as s:
            await MemberRepo(s, ctx.tenant_id).update_profile(ctx.member.id, **values)
        self.core.dispatcher.forget_member(ctx.tenant_id, ctx.member.user_id)
        names = ", ".join(sorted(args.pairs("fields")))
        note = " Run /profile verify NPI to be marked verified." if "npi" in values else ""
        return Reply.of(f"Profile updated: {names}.{note}", private=True)

    async def show(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        query = args.opt("user")
        async with self.core.db.session() as s:
            repo = MemberRepo(s, ctx.tenant_id)
            member = ctx.member if query is None else await repo.find(query)
            if member is None:
                raise NotFound(f"No member @{query} here yet.")
            profile = await repo.profile(member.id, sorted(member.roles))
        assert profile is not None
        return render_profile(profile)


def setup(core: Core) -> None:
    profiles = Profiles(core)
    core.services["profiles"] = profiles
    core.registry.declare(SPECS)
    core.registry.summary("profile", "Your profile: specialty, title, NPI, time zone, quiet hours.")
    core.registry.bind({"profile set": profiles.set, "profile show": profiles.show})
