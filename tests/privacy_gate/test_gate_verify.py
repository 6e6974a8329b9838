"""``/profile verify NPI`` against a fake NPPES registry: the check digit offline first, then
the registry; mismatches and deactivated numbers go to the admin queue; a registry that hangs
or fails gives a clear message, never a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from gate_helpers import audit_rows
from gate_nppes_fake import (
    DEACTIVATED,
    FAILS,
    GOOD,
    HANGS,
    MISMATCH,
    ORGANISATION,
    UNKNOWN,
    FakeNppes,
    fake_nppes,
    record,
)

from bot.services.privacy.verify.match import names_match, specialty_of
from bot.services.privacy.verify.nppes import RegistryError, parse_response
from tests.conftest import BotConsole


@pytest.fixture
async def registry(sqlite_bot: BotConsole) -> AsyncIterator[tuple[BotConsole, FakeNppes]]:
    async with fake_nppes() as fake:
        sqlite_bot.overrides = {
            "privacy": {"nppes_base_url": fake.url, "nppes_timeout": timedelta(seconds=0.5)}
        }
        await sqlite_bot.restart()
        await sqlite_bot.play(
            "! role admin1 admin", '@ana #general: /profile set name "Ana Okafor"'
        )
        yield sqlite_bot, fake


async def test_a_bad_check_digit_never_reaches_the_network(
    registry: tuple[BotConsole, FakeNppes],
) -> None:
    bot, fake = registry
    out = await bot.play("@ana #general: /profile verify 1234567890")
    # Not an NPI, so possibly a record number: the gate redacts it before the handler runs.
    assert "MRN at 0–10" in out[0]["text"]
    assert "not valid" in out[-1]["text"] and "Usage: /profile verify NPI" in out[-1]["text"]
    assert fake.requests == []
    out = await bot.play("@ana #general: /profile verify 123456789")
    assert "not valid" in out[-1]["text"]
    assert fake.requests == []


async def test_a_matching_active_number_verifies_and_sets_the_specialty(
    registry: tuple[BotConsole, FakeNppes],
) -> None:
    bot, fake = registry
    assert bot.core is not None
    out = await bot.play(f"@ana #general: /profile verify {GOOD}", "@ana #general: /profile show")
    assert (
        out[0]["text"]
        == f"Verified ✓ NPI {GOOD} matches your profile. Specialty set to cardiology."
    )
    assert "Verified: yes ✓" in out[1]["text"] and "Specialty: cardiology" in out[1]["text"]
    assert len(out) == 2  # a valid NPI is the member's own: no identifier notice
    assert fake.requests == [{"version": "2.1", "number": GOOD}]
    [row] = await audit_rows(bot.core, "member.verify")
    assert row.detail == {"via": "nppes", "taxonomy": "207RC0000X"}


@pytest.mark.parametrize(
    ("number", "reason"),
    [(MISMATCH, "does not match your profile name"), (DEACTIVATED, "not active")],
)
async def test_mismatch_or_deactivated_waits_for_an_admin(
    registry: tuple[BotConsole, FakeNppes], number: str, reason: str
) -> None:
    bot, _ = registry
    assert bot.core is not None
    out = await bot.play(f"@ana #general: /profile verify {number}")
    answer = next(a for a in out if a["to"] == "ana")
    assert reason in answer["text"] and "An admin will review it" in answer["text"]
    alert = next(a for a in out if a["to"] == "admin1")
    assert [b["id"] for b in alert["data"]["actions"]] == ["verify-approve", "verify-deny"]
    out = await bot.play("@admin1 #general: /admin verify-queue")
    assert "1 verification(s) wait" in out[0]["text"] and f"NPI {number}" in out[0]["text"]
    out = await bot.play(f"@admin1 click {alert['id']} verify-approve")
    assert out[-1]["text"] == "Verification #1 of @ana approved."
    assert next(a for a in out if a["to"] == "ana")["text"].startswith("An admin approved")
    out = await bot.play("@ana #general: /profile show", "@admin1 #general: /admin verify 1 deny")
    assert "Verified: yes ✓" in out[0]["text"]
    assert "already decided (approved)" in out[1]["text"]
    actions = [r.action for r in await audit_rows(bot.core) if r.action.startswith("verify")]
    assert actions == ["verify.queue", "verify.approve"]


async def test_an_admin_may_deny(registry: tuple[BotConsole, FakeNppes]) -> None:
    bot, _ = registry
    out = await bot.play(
        f"@ana #general: /profile verify {MISMATCH}",
        "@admin1 #general: /admin verify 1 deny",
        "@ana #general: /profile show",
    )
    assert any(a["to"] == "ana" and "not verified" in a["text"] for a in out)
    assert "Verified: no" in out[-1]["text"]
    out = await bot.play("@admin1 #general: /admin verify-queue")
    assert out[0]["text"] == "No verification waits for review."


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (HANGS, "did not answer in time"),
        (FAILS, "answered with an error (500)"),
        (UNKNOWN, "has no active record"),
        (ORGANISATION, "belongs to an organisation"),
    ],
)
async def test_registry_trouble_gives_a_clear_message(
    registry: tuple[BotConsole, FakeNppes], number: str, message: str
) -> None:
    bot, _ = registry
    out = await bot.play(f"@ana #general: /profile verify {number}")
    assert [a["to"] for a in out] == ["ana"]
    assert message in out[0]["text"]
    assert "Traceback" not in out[0]["text"] and "Something went wrong" not in out[0]["text"]


async def test_an_unreachable_registry_and_a_missing_name_are_explained(
    sqlite_bot: BotConsole,
) -> None:
    sqlite_bot.overrides = {"privacy": {"nppes_base_url": "http://127.0.0.1:9/api/"}}
    await sqlite_bot.restart()
    out = await sqlite_bot.play(f"@ana #general: /profile verify {GOOD}")
    assert "set your full name first" in out[0]["text"]
    out = await sqlite_bot.play(
        '@ana #general: /profile set name "Ana Okafor"', f"@ana #general: /profile verify {GOOD}"
    )
    assert "could not be reached" in out[-1]["text"]


def test_the_registry_format_is_read_and_errors_are_refused() -> None:
    found = parse_response({"result_count": 1, "results": [record(GOOD, "ANA", "OKAFOR")]})
    assert found is not None and found.active and found.name == "ANA OKAFOR"
    assert (found.taxonomy_code, found.taxonomy_desc) == (
        "207RC0000X",
        "Internal Medicine, Cardiovascular Disease",
    )
    assert parse_response({"result_count": 0, "results": []}) is None
    with pytest.raises(RegistryError):
        parse_response({"Errors": [{"description": "Invalid NPI", "field": "number"}]})
    with pytest.raises(RegistryError):
        parse_response({"result_count": 1, "results": ["?"]})


@pytest.mark.parametrize(
    ("profile", "first", "last", "same"),
    [
        ("Ana Okafor", "ANA", "OKAFOR", True),
        ("Dr. Ana María Okafor-Reyes, MD", "ANA", "OKAFOR-REYES", True),
        ("A. Okafor", "ANA", "OKAFOR", True),
        ("José Núñez", "JOSE", "NUNEZ", True),
        ("Ana Smith", "ANA", "OKAFOR", False),
        ("Bob Okafor", "ROBERT", "OKAFOR", False),
        ("Okafor", "ANA", "OKAFOR", False),
    ],
)
def test_names_match(profile: str, first: str, last: str, same: bool) -> None:
    assert names_match(profile, first, last) is same


def test_the_taxonomy_sets_the_specialty() -> None:
    assert specialty_of("207RC0000X", "Internal Medicine, Cardiovascular Disease") == "cardiology"
    assert specialty_of("207RS0012X", "Internal Medicine, Sleep Medicine") == "sleep-medicine"
    assert specialty_of(None, None) is None
