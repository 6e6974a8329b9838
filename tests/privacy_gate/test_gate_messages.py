"""The gate on messages, edits, files and commands: the author alone is told kinds and
positions, the stored copy is redacted, the policy holds, buttons release, moderators are
alerted without values."""

from __future__ import annotations

from gate_helpers import CANARY, REDACTED, VALUES, Recorder, audit_rows, copies, leaks

from tests.conftest import BotConsole


async def test_author_alone_is_told_kinds_and_positions_and_the_copy_is_redacted(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    recorder = Recorder().attach(bot.core)
    out = await bot.play("! role alice admin", f"@bob #cases: {CANARY} seen today")
    notice = [a for a in out if a["to"] == "bob"]
    assert len(notice) == 1 and notice[0]["kind"] == "ephemeral"
    assert "NAME at 3–7, MRN at 12–21, DATE at 26–36" in notice[0]["text"]
    assert notice[0]["data"]["actions"] == [{"id": "not-phi", "label": "Not patient information"}]
    assert "edit or delete" in notice[0]["text"]
    assert not [a for a in out if a["kind"] == "message"]
    assert not leaks(out)
    [row] = await copies(bot.core)
    assert row.text == f"{REDACTED} seen today"
    assert row.phi_kinds == ["NAME", "MRN", "DATE"] and not row.held
    assert recorder.messages[0].text == row.text and not recorder.messages[0].held
    [audit] = await audit_rows(bot.core, "phi.detected")
    assert audit.outcome == "warned"
    assert audit.detail == {"kinds": {"DATE": 1, "MRN": 1, "NAME": 1}}
    assert audit.target == "#cases"


async def test_moderators_are_alerted_without_values_and_not_when_turned_off(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    out = await bot.play("! role alice admin", "! role mo moderator", f"@bob #cases: {CANARY}")
    alerts = [a for a in out if a["kind"] == "dm"]
    assert [a["to"] for a in alerts] == ["mo"]  # moderators first; admins only when none
    assert "NAME, MRN, DATE" in alerts[0]["text"] and "@bob in #cases" in alerts[0]["text"]
    assert not leaks(out)
    bot.overrides = {"privacy": {"alert_moderators": False}}
    await bot.restart()
    out = await bot.play(f"@bob #cases: {CANARY}")
    assert not [a for a in out if a["kind"] == "dm"]


async def test_hold_keeps_a_post_from_others_until_an_edit_scans_clean(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    recorder = Recorder().attach(bot.core)
    out = await bot.play("! role alice admin", "@alice #cases: /privacy policy hold #cases")
    assert out[-1]["text"] == "Privacy policy of #cases: hold."
    out = await bot.play(f"@bob #cases: {CANARY}")
    assert "It is held" in out[0]["text"]
    assert recorder.messages[-1].held
    [row] = await copies(bot.core)
    assert row.held and row.text == REDACTED
    out = await bot.play("@bob edit 2: patient seen, labs unremarkable")
    [row] = await copies(bot.core)
    assert not row.held and row.phi_kinds == [] and row.text == "patient seen, labs unremarkable"
    stored, was_held, author = recorder.edits[-1]
    assert was_held and not stored.held and author == "bob"
    assert [a["text"] for a in out if a["to"] == "bob"] == [
        "Thanks: your edited message scans clean and is no longer held."
    ]


async def test_policy_is_per_channel_with_the_workspace_as_default(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    await bot.play(
        "! role alice admin",
        "@alice #cases: /privacy policy hold #cases",
        f"@bob #general: {CANARY}",
        f"@bob #cases: {CANARY}",
        "@alice #cases: /privacy policy default #cases",
        f"@bob #cases: {CANARY}",
        "@alice #cases: /privacy policy hold",
        f"@bob #general: {CANARY}",
    )
    assert [r.held for r in await copies(bot.core)] == [False, True, False, True]
    out = await bot.play("@bob #general: /privacy status")
    assert "Policy here: hold" in out[0]["text"]
    policies = await audit_rows(bot.core, "privacy.policy")
    assert [(r.target, r.detail) for r in policies] == [
        ("#cases", {"policy": "hold"}),
        ("#cases", {"policy": "inherit"}),
        ("workspace", {"policy": "hold"}),
    ]


async def test_not_patient_information_releases_a_held_post_once_and_audits_kinds_only(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    recorder = Recorder().attach(bot.core)
    await bot.play("! role alice admin", "@alice #cases: /privacy policy hold")
    out = await bot.play("@bob #cases: Parkinson follow-up, MRN 4417-2290")
    notice = out[0]["id"]
    out = await bot.play(f"@bob click {notice} not-phi")
    assert "released" in out[0]["text"]
    [row] = await copies(bot.core)
    assert not row.held and row.phi_kinds == [] and "[MRN]" in row.text
    stored, was_held, author = recorder.edits[-1]
    assert was_held and not stored.held and author == "bob"
    await bot.play(f"@bob click {notice} not-phi")
    overrides = await audit_rows(bot.core, "phi.override")
    assert len(overrides) == 1 and overrides[0].detail == {"kinds": ["MRN"]}
    assert "4417" not in str(overrides[0].detail) + overrides[0].target


async def test_originals_are_deleted_where_the_platform_allows_it(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    bot.overrides = {"privacy": {"delete_originals": True}}
    await bot.restart()
    assert bot.core is not None
    out = await bot.play(f"@bob #cases: {CANARY}")
    assert [a["id"] for a in out if a["kind"] == "delete"] == ["1"]
    notice = next(a for a in out if a["to"] == "bob")
    assert "Rounds removed your message" in notice["text"] and "actions" not in notice["data"]
    [row] = await copies(bot.core)
    assert row.held  # gone from the platform: nothing to route


async def test_file_names_are_scanned_and_images_get_a_reminder(sqlite_bot: BotConsole) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    out = await bot.play("@bob #cases: labs attached [file:labs MRN 4417-2290.pdf]")
    assert "attachment 1 name: MRN at" in out[0]["text"]
    assert not leaks(out)
    [row] = await copies(bot.core)
    assert row.files[0].startswith("labs MRN [MRN]") and "4417" not in row.files[0]
    assert row.phi_kinds == ["MRN"]
    out = await bot.play("@bob #cases: an interesting ECG [file:ecg.png]")
    assert [a["kind"] for a in out] == ["ephemeral"]
    assert "does not read images" in out[0]["text"]


async def test_command_arguments_are_redacted_under_warn_and_refused_under_hold(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    out = await bot.play(
        f'@bob #cases: /profile set title "{CANARY}"', "@bob #cases: /profile show"
    )
    assert "Rounds ran it with each one replaced by its kind" in out[0]["text"]
    assert f"Title: {REDACTED}" in out[-1]["text"]
    assert not leaks(out)
    await bot.play("! role alice admin", "@alice #cases: /privacy policy hold")
    out = await bot.play(
        '@bob #cases: /profile set title "MRN 4417-2290"', "@bob #cases: /profile show"
    )
    assert out[0]["text"].startswith("Not run:") and out[0]["to"] == "bob"
    assert f"Title: {REDACTED}" in out[-1]["text"]
    assert [r.outcome for r in await audit_rows(bot.core, "phi.detected")] == [
        "redacted",
        "refused",
    ]


async def test_a_members_own_name_in_their_profile_is_no_patient_name(
    sqlite_bot: BotConsole,
) -> None:
    out = await sqlite_bot.play(
        f'@bob #cases: /profile set name "Ana Okafor" title "{CANARY}"',
        "@bob #cases: /profile show",
    )
    assert (
        "(NAME at 28–32, MRN at 37–46, DATE at 51–61, counting from the first character "
        "after /profile set)" in out[0]["text"]
    )
    assert "Name: Ana Okafor" in out[-1]["text"] and f"Title: {REDACTED}" in out[-1]["text"]


async def test_dm_and_thread_reply_notices_stay_private(sqlite_bot: BotConsole) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    out = await bot.play("! role alice admin", f"@bob dm: {CANARY}")
    assert [(a["kind"], a["to"]) for a in out] == [("dm", "bob")]  # no alert for a DM
    assert "in your message to Rounds" in out[0]["text"]
    out = await bot.play("@bob #cases: a clean question", f"@carol #cases >2: {CANARY}")
    notice = next(a for a in out if a["to"] == "carol")
    assert notice["kind"] == "ephemeral" and notice["thread"] == "2"
    assert [(r.channel, r.text) for r in await copies(bot.core)] == [
        ("dm:bob", REDACTED),
        ("cases", "a clean question"),
        ("cases", REDACTED),
    ]


async def test_privacy_scan_answers_privately_and_keeps_nothing(sqlite_bot: BotConsole) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    out = await bot.play(f"@bob #cases: /privacy scan {CANARY}")
    assert [(a["kind"], a["to"]) for a in out] == [("ephemeral", "bob")]
    assert "NAME at 3–7, MRN at 12–21, DATE at 26–36" in out[0]["text"]
    assert REDACTED in out[0]["text"] and not any(v in out[0]["text"] for v in VALUES)
    out = await bot.play("@bob #cases: /privacy scan troponin 0.04, EF 55%")
    assert out[0]["text"] == "No patient identifiers found."
    assert await copies(bot.core) == []
    assert await audit_rows(bot.core) == []
