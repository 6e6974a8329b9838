"""Rendering the core's replies as Discord messages: golden files for representative replies,
and Discord's limits on long ones (nothing cut, nothing over a limit)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.render import OutMessage, render, title_line
from bot.domain.reply import Action, Field, Item, Reply, Section

GOLDEN = Path(__file__).parent / "golden"


def _ids(action: Action) -> str:
    return f"r:900000000000000001:{action.id}:{action.value}"


def _json(messages: list[OutMessage]) -> list[dict[str, Any]]:
    return [m.as_json() for m in messages]


DIGEST = Reply(
    text="Cardiology digest — week of 23 March 2026: 4 new articles",
    sections=(
        Section(
            title="JACC",
            items=(
                Item(
                    "Apixaban vs warfarin in dialysis-dependent AF: the RENAL-AF trial",
                    "https://doi.org/10.1016/j.jacc.2026.01.001",
                    "RCT · 24 Mar",
                ),
                Item(
                    "2026 ACC/AHA guideline for chronic coronary disease [focused update]",
                    "https://doi.org/10.1016/j.jacc.2026.02.002",
                    "guideline · 25 Mar",
                ),
            ),
        ),
        Section(
            title="NEJM",
            items=(
                Item(
                    "Colchicine after myocardial infarction",
                    "https://www.nejm.org/doi/10.1056/NEJMoa2600001",
                    "RCT · 26 Mar",
                ),
                Item("Correction: Semaglutide and HFpEF", None, "erratum · 27 Mar"),
            ),
        ),
    ),
    context="Weekly digest for #cardiology · Mondays 07:00 America/Chicago · /digest unschedule",
)

EVENT_POST = Reply(
    text="@ana in #900000000000000101 · S2: the SELECT-LIFE primary endpoint was met; "
    "subgroup by eGFR in the supplement #ACC26_S2",
    sections=(Section(items=(Item("Original post", "https://discord.com/channels/1/2/3"),)),),
)

EVENT_SUMMARY = Reply(
    text="14 new posts from <#900000000000000101>, <#900000000000000100>",
    sections=(Section(fields=(Field("S1", "6"), Field("S2", "8"))),),
    context="A busy moment: posts are summarised. Every post is in the transcript "
    "(/event export #ACC26).",
)

SPEAKER_QUESTION = Reply(
    text="Q7 for #ACC26_S2 (Late-breaking trials)\nDoes the benefit hold in patients over 80?",
    context="asked anonymously · 12 votes · looks like Q3",
    actions=(
        Action("vote", "Vote", "7", style="primary"),
        Action("event-answered", "Mark answered", "7"),
        Action("event-hide", "Hide", "7", style="danger"),
        Action("event-merge", "Merge into Q3", "7:3"),
    ),
)

PHI_NOTICE = Reply(
    text="Your message in #900000000000000101 looks like it holds patient identifiers: MRN, "
    "date (characters 31–40, 52–58; character positions, values not repeated).\n"
    "Rounds keeps only a redacted copy, with each identifier replaced by its kind.\n"
    "Please edit or delete it: Rounds cannot change the platform's own copy.",
    context="Slack and Discord are not systems for patient information: keep identifiers out "
    "of chat.",
    actions=(Action("not-phi", "Not patient information", "m:1300000000000000042"),),
).as_private()

CASES = {
    "digest": DIGEST,
    "event_post": EVENT_POST,
    "event_summary": EVENT_SUMMARY,
    "speaker_question": SPEAKER_QUESTION,
    "phi_notice": PHI_NOTICE,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    rendered = _json(render(CASES[name], _ids))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("ROUNDS_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(rendered, indent=2, ensure_ascii=False) + "\n")
    assert rendered == json.loads(path.read_text())


def test_digest_is_native() -> None:
    [message] = render(DIGEST, _ids)
    lead, jacc, nejm = message.embeds
    assert lead["description"].startswith("Cardiology digest")
    assert jacc["title"] == "JACC" and "[Apixaban vs warfarin" in jacc["description"]
    assert "\\[focused update\\]" in jacc["description"]  # brackets would break the link
    assert nejm["footer"]["text"].startswith("Weekly digest")
    assert "footer" not in lead and "footer" not in jacc


def test_plain_text_is_content_and_channel_ids_become_mentions() -> None:
    [message] = render(
        Reply.of("Created group cardiology. Home channel: #900000000000000101."), _ids
    )
    assert message.content == "Created group cardiology. Home channel: <#900000000000000101>."
    assert message.embeds == [] and message.components == []


def test_buttons_carry_action_and_value() -> None:
    [message] = render(PHI_NOTICE, _ids)
    [row] = message.components
    [button] = row["components"]
    assert button == {
        "type": 2,
        "style": 2,
        "label": "Not patient information",
        "custom_id": "r:900000000000000001:not-phi:m:1300000000000000042",
    }


def _check_limits(messages: list[OutMessage]) -> None:
    for message in messages:
        assert len(message.content) <= 2000
        assert len(message.embeds) <= 10
        total = 0
        for embed in message.embeds:
            assert len(embed.get("title", "")) <= 256
            assert len(embed.get("description", "")) <= 4096
            assert len(embed.get("fields", [])) <= 25
            for f in embed.get("fields", []):
                assert len(f["name"]) <= 256 and len(f["value"]) <= 1024
            total += len(embed.get("title", "")) + len(embed.get("description", ""))
            total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
            total += len(embed.get("footer", {}).get("text", ""))
        assert total <= 6000
        assert len(message.components) <= 5
        assert all(len(row["components"]) <= 5 for row in message.components)


def test_long_text_is_split_at_line_ends_without_loss() -> None:
    lines = [f"line {n}: " + "word " * 12 for n in range(120)]
    messages = render(Reply.of("\n".join(lines)), _ids)
    _check_limits(messages)
    assert len(messages) > 2
    joined = "\n".join(m.content for m in messages)
    assert [line.strip() for line in joined.split("\n")] == [line.strip() for line in lines]


def test_many_items_and_fields_stay_within_discord_limits() -> None:
    items = tuple(
        Item(f"Article {n} " + "x" * 120, f"https://doi.org/10.1/{n}", "RCT") for n in range(300)
    )
    fields = tuple(Field(f"Field {n}", "v" * 300) for n in range(80))
    reply = Reply(
        text="Big digest",
        sections=(Section(title="Everything", items=items), Section(title="Stats", fields=fields)),
        context="scope notice",
        actions=tuple(Action(f"a{n}", f"Button {n}", str(n)) for n in range(30)),
    )
    messages = render(reply, _ids)
    _check_limits(messages)
    descriptions = "\n".join(e.get("description", "") for m in messages for e in m.embeds)
    assert all(f"Article {n} " in descriptions for n in range(300))
    values = [f for m in messages for e in m.embeds for f in e.get("fields", [])]
    assert len(values) == 80
    footers = [e["footer"]["text"] for m in messages for e in m.embeds if "footer" in e]
    assert footers == ["scope notice"]
    buttons = [b["custom_id"] for m in messages for row in m.components for b in row["components"]]
    assert buttons == [f"r:900000000000000001:a{n}:{n}" for n in range(30)]


def test_thread_names_come_from_the_reply() -> None:
    assert title_line(Reply(text="*Q12* · Is apixaban safe in CKD 4?\nmore")) == (
        "Q12 · Is apixaban safe in CKD 4?"
    )
    assert title_line(Reply(sections=(Section(title="JACC"),))) == "JACC"
    assert title_line(Reply()) == "Discussion"
    assert len(title_line(Reply.of("x" * 300))) == 100
