"""Block Kit rendering against golden files: a digest, a feed status card, an event thread
post, a private identifier notice and an App Home. ``ROUNDS_UPDATE_GOLDEN=1`` rewrites them
(review the diff: it is what Slack users will see)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.render import mrkdwn, render, render_home
from bot.domain.reply import Action, Field, Item, Reply, Section, Visibility

GOLDEN = Path(__file__).parent / "golden"

DIGEST = Reply(
    text="*Cardiology digest* — week of 2026-03-23 for #C0CARDIO01",
    sections=(
        Section(
            "Trials",
            items=(
                Item(
                    "Apixaban vs warfarin in device-detected AF",
                    "https://doi.org/10.1056/NEJMoa2400000",
                    "NEJM · 2026-03-20 · RCT",
                ),
                Item(
                    "Colchicine after MI: 5-year follow-up",
                    "https://pubmed.ncbi.nlm.nih.gov/39000000/",
                    "Lancet · meta-analysis",
                ),
                Item("A title with <!channel> & a | pipe", "https://example.org/a b", "preprint"),
            ),
        ),
        Section(
            "Guidelines",
            items=(Item("2026 ESC heart failure update", "https://example.org/esc", "guideline"),),
        ),
    ),
    context="Peer discussion among clinicians, not medical advice. No patient identifiers.",
    actions=(Action("digest-unsubscribe", "Unsubscribe", "cardiology:week"),),
)

FEED_STATUS = Reply(
    text="Feeds of this workspace",
    sections=(
        Section(
            "NEJM — Cardiology",
            fields=(
                Field("State", "ok"),
                Field("Last status", "200"),
                Field("Items", "124"),
                Field("Next poll", "2026-03-28T09:00:00Z"),
            ),
        ),
        Section(
            "JACC Online First",
            text="Failing since 2026-03-27: the server did not answer within 20 s.",
            fields=(Field("State", "failing"), Field("Failures", "3"), Field("Items", "88")),
        ),
    ),
)

EVENT_POST = Reply(
    text="*#ACC26* · Session 3: Heart failure with preserved EF",
    sections=(
        Section(
            "Questions for the speaker",
            items=(
                Item(
                    "Q4 SGLT2 inhibitors in HFpEF with CKD stage 4?",
                    meta="7 votes · asked by @U0ALICE0001",
                ),
                Item("Q5 Any signal on finerenone in women?", meta="3 votes"),
            ),
        ),
    ),
    actions=(
        Action("event-vote", "Vote", "4", style="primary"),
        Action("event-answered", "Mark answered", "4"),
        Action("event-hide", "Hide", "4", style="danger"),
        Action("event-vote", "Vote", "5", style="primary"),
    ),
)

PHI_NOTICE = Reply(
    text=(
        "Your message in #C0GENERAL01 looks like it holds patient identifiers: NAME, MRN "
        "(NAME at 3–7, MRN at 12–21; character positions, values not repeated).\n"
        "Rounds keeps only a redacted copy, with each identifier replaced by its kind.\n"
        "Please edit or delete it: Rounds cannot change the platform's own copy."
    ),
    context="Slack is not a system for patient information: keep identifiers out of chat.",
    actions=(Action("not-phi", "Not patient information", "C0GENERAL01|1711111111.000100"),),
    visibility=Visibility.PRIVATE,
)

HOME = Reply(
    text="Rounds — welcome, alice",
    sections=(
        Section(
            "Your open questions",
            items=(Item("Q12 Anticoagulation after TAVI?", meta="2 answers"),),
        ),
        Section("Your groups", text="cardiology (routed questions on), internal-medicine"),
    ),
)

CASES: dict[str, Any] = {
    "digest": lambda: [{"text": m.text, "blocks": m.blocks} for m in render(DIGEST)],
    "feed_status": lambda: [{"text": m.text, "blocks": m.blocks} for m in render(FEED_STATUS)],
    "event_post": lambda: [{"text": m.text, "blocks": m.blocks} for m in render(EVENT_POST)],
    "phi_notice": lambda: [{"text": m.text, "blocks": m.blocks} for m in render(PHI_NOTICE)],
    "home": lambda: render_home(HOME),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rendering_matches_the_golden_file(name: str) -> None:
    got = CASES[name]()
    path = GOLDEN / f"{name}.json"
    if os.environ.get("ROUNDS_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_broadcast_pings_are_escaped_and_mentions_kept() -> None:
    assert mrkdwn("<!here> hi <@U0ALICE0001> in <#C0GENERAL01|general> a<b&c") == (
        "&lt;!here&gt; hi <@U0ALICE0001> in <#C0GENERAL01|general> a&lt;b&amp;c"
    )
    assert (
        mrkdwn("see <https://x.org|x> and &lt;tag&gt;") == "see <https://x.org|x> and &lt;tag&gt;"
    )
    assert mrkdwn("home #C0CARDIO01, asked by @U0ALICE0001, #cardiology") == (
        "home <#C0CARDIO01>, asked by <@U0ALICE0001>, #cardiology"
    )


def test_every_rendered_message_is_within_slack_limits() -> None:
    for reply in (DIGEST, FEED_STATUS, EVENT_POST, PHI_NOTICE):
        for message in render(reply):
            assert 0 < len(message.text) <= 3000 and len(message.blocks) <= 50
            for block in message.blocks:
                if block["type"] == "actions":
                    ids = [e["action_id"] for e in block["elements"]]
                    assert len(ids) == len(set(ids)) and len(ids) <= 25
                for field in block.get("fields", []):
                    assert len(field["text"]) <= 2000
