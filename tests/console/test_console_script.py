"""The console contract for reactions, removals, clicks, edits, deletes and files, observed
through a tiny test capability plugged into the core's hooks; and the lines that stop a run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from adapters.console import ScriptError
from bot.context import Ctx, StoredMessage
from bot.domain.reply import Action, FileOut, Reply
from bot.gate import PassGate
from bot.hooks import Hooks
from bot.platform import ActionEvent, DeleteEvent, MessageRef, ReactionEvent
from tests.conftest import BotConsole


class Probe:
    """A capability for the test: records what the core delivers and answers with every kind
    of bot action (buttons, files, reactions, edits, deletes, DMs)."""

    def __init__(self, bot: BotConsole) -> None:
        assert bot.core is not None and bot.console is not None
        self.tenant = bot.console.tenant
        self.data_dir = bot.core.config.data_dir
        self.seen: list[tuple[Any, ...]] = []
        self.answers: dict[str, MessageRef] = {}  # user message id → the bot's thread reply
        hooks = Hooks()  # only this capability: no other one may answer in these tests
        hooks.on_message.append(self.on_message)
        hooks.on_edit.append(self.on_edit)
        hooks.on_delete.append(self.on_delete)
        hooks.on_reaction.append(self.on_reaction)
        hooks.action("answers", self.answered)
        hooks.action("later", self.later)
        hooks.on_poll.append(self.poll)
        bot.core.hooks = hooks
        bot.core.gate = PassGate()
        self.core = bot.core

    async def on_message(self, ctx: Ctx, stored: StoredMessage) -> None:
        self.seen.append(("message", ctx.member.user_id, stored.text, stored.files))
        if stored.is_dm:
            await ctx.out.dm(ctx.member.user_id, Reply.of(f"hi {ctx.member.user_id}"))
        elif stored.text == "buttons please":
            actions = (Action("answers", "This answers it", "v1"), Action("later", "Later"))
            await ctx.out.post(stored.ref.channel or "", Reply(text="Pick", actions=actions))
        elif stored.files:
            ref = await ctx.out.post(
                stored.ref.channel or "", Reply.of("got it"), thread=stored.ref.thread
            )
            self.answers[stored.ref.id] = ref
        elif stored.text == "upload":
            path = self.data_dir / "exports" / "report.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("a,b\n", "utf-8")
            upload = FileOut("report.csv", str(path), "text/csv")
            await ctx.out.post(stored.ref.channel or "", Reply(text="Report", files=(upload,)))

    async def on_edit(self, ctx: Ctx, stored: StoredMessage, was_held: bool) -> None:
        self.seen.append(("edit", ctx.member.user_id, stored.text))
        await ctx.out.private(ctx.member.user_id, Reply.of("noted"), channel=stored.ref.channel)

    async def on_delete(self, ctx: Ctx, event: DeleteEvent) -> None:
        self.seen.append(("delete", ctx.member.user_id))
        answer = self.answers.pop(event.message_id, None)
        if answer is not None:
            await ctx.out.delete(answer)

    async def on_reaction(self, ctx: Ctx, event: ReactionEvent) -> None:
        self.seen.append(("reaction", ctx.member.user_id, event.emoji, event.added))
        if event.emoji == "eyes":
            ref = MessageRef(event.channel, event.message_id)
            if event.added:
                await ctx.out.react(ref, "white_check_mark")
            else:
                await ctx.out.platform.unreact(ctx.out.workspace, ref, "white_check_mark")

    async def answered(self, ctx: Ctx, value: str) -> Reply:
        assert isinstance(ctx.event, ActionEvent)
        self.seen.append(("click", ctx.member.user_id, value))
        await ctx.out.edit(MessageRef(ctx.channel, ctx.event.message_id), Reply.of("Picked"))
        return Reply.of("Marked as answered")

    async def later(self, ctx: Ctx, value: str) -> Reply:
        return Reply.of("Later, then", private=True)

    async def poll(self) -> None:
        outbox = await self.core.outbox_for(await self.core.tenant_id(self.tenant))
        await outbox.post("general", Reply.of("polled"))


def obj(kind: str, **fields: Any) -> dict[str, Any]:
    """A contract object: every key present, defaults null / empty."""
    base: dict[str, Any] = {
        "kind": kind,
        "id": None,
        "channel": None,
        "thread": None,
        "to": None,
        "text": "",
        "data": {},
    }
    base.update(fields)
    return base


async def test_reactions_clicks_edits_deletes_and_files(bot: BotConsole) -> None:
    probe = Probe(bot)
    out = await bot.play(
        "@alice #general: buttons please",
        "@bob #general >1: a reply [file:scan.png]",
        "@carol #general +2 eyes",
        "@carol #general -2 eyes",
        "@bob #general +b1 thumbsup",
        "@bob #general -b1 thumbsup",
        "@bob click b1 answers",
        "@alice edit 1: buttons again",
        "@bob delete 2",
        "@alice #general: upload",
        "@dave dm: hello",
        "! poll",
        "! mark end",
    )
    buttons = [{"id": "answers", "label": "This answers it"}, {"id": "later", "label": "Later"}]
    report = bot.data_dir.resolve() / "exports" / "report.csv"
    files = [{"name": "report.csv", "path": str(report), "mime": "text/csv"}]
    assert out == [
        obj("message", id="b1", channel="#general", text="Pick", data={"actions": buttons}),
        obj("message", id="b2", channel="#general", thread="1", text="got it"),
        obj(
            "reaction",
            channel="#general",
            thread="1",
            text="white_check_mark",
            data={"target": "2", "removed": False},
        ),
        obj(
            "reaction",
            channel="#general",
            thread="1",
            text="white_check_mark",
            data={"target": "2", "removed": True},
        ),
        obj("edit", id="b1", channel="#general", text="Picked"),
        obj("message", id="b3", channel="#general", text="Marked as answered"),
        obj("ephemeral", id="b4", channel="#general", to="alice", text="noted"),
        obj("delete", id="b2", channel="#general", thread="1"),
        obj("message", id="b5", channel="#general", text="Report", data={"files": files}),
        obj("dm", id="b6", to="dave", text="hi dave"),
        obj("message", id="b7", channel="#general", text="polled"),
        obj("mark", text="end"),
    ]
    assert report.is_file()
    assert probe.seen == [
        ("message", "alice", "buttons please", ()),
        ("message", "bob", "a reply", ("scan.png",)),
        ("reaction", "carol", "eyes", True),
        ("reaction", "carol", "eyes", False),
        ("reaction", "bob", "thumbsup", True),
        ("reaction", "bob", "thumbsup", False),
        ("click", "bob", "v1"),
        ("edit", "alice", "buttons again"),
        ("delete", "bob"),
        ("message", "alice", "upload", ()),
        ("message", "dave", "hello", ()),
    ]


async def test_an_image_attachment_arrives_as_an_image(sqlite_bot: BotConsole) -> None:
    Probe(sqlite_bot)
    assert sqlite_bot.core is not None
    mimes: list[str] = []

    async def files(ctx: Ctx, stored: StoredMessage) -> None:
        event = ctx.event
        mimes.extend(f.mime for f in getattr(event, "files", ()))

    sqlite_bot.core.hooks.on_message.append(files)
    await sqlite_bot.play(
        "@a #general: look [file:xray.jpg]",
        "@a #general: [file:scan.PNG]",
        "@a #general: notes [file:notes.pdf]",
    )
    assert mimes == ["image/jpeg", "image/png", "application/pdf"]


async def test_a_private_button_answers_privately_and_only_its_reader_may_press(
    sqlite_bot: BotConsole,
) -> None:
    Probe(sqlite_bot)
    await sqlite_bot.play("@alice #general: buttons please")
    out = await sqlite_bot.play("@alice click b1 later")
    assert out == [obj("ephemeral", id="b2", channel="#general", to="alice", text="Later, then")]
    with pytest.raises(ScriptError, match="no button answers"):
        await sqlite_bot.play("@alice click b2 answers")


async def test_an_upload_outside_the_data_folder_is_refused(
    sqlite_bot: BotConsole, tmp_path: Path
) -> None:
    assert sqlite_bot.core is not None
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("x", "utf-8")

    async def leak(ctx: Ctx, stored: StoredMessage) -> None:
        upload = FileOut("x.csv", str(outside), "text/csv")
        await ctx.out.post("general", Reply(text="leak", files=(upload,)))

    sqlite_bot.core.hooks = Hooks(on_message=[leak])
    out = await sqlite_bot.play("@a #general: hi")
    # The service bug surfaces as the core's generic error, never as a path on the wire.
    assert [(o["kind"], o["to"]) for o in out] == [("ephemeral", "a")]
    assert "Something went wrong" in out[0]["text"]


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["@a #general: hi", "@a #general +2 eyes"], "no message 2"),
        (["@a #general: hi", "@a #other +1 eyes"], "message 1 is not in #other"),
        (["@a #general: hi", "@a #general -b1 eyes"], "no bot message b1"),
        (["@a #general: hi", "@b edit 1: mine now"], "message 1 is not @b's"),
        (["@a #general: hi", "@a delete 1", "@a delete 1"], "no message 1"),
        (["@a #general: hi", "@a delete 1", "@b #general >1: late"], "no message 1"),
        (["@a #general: buttons please", "@a click b1 nope"], "bot message b1 has no button"),
        (["@a #general: buttons please", "@a click b4 answers"], "no bot message b4"),
        (["@a #general: /help", "@b click b1 answers"], "no button answers"),
        (["@a #general: /help", "@a #general +1 eyes"], "message 1 is a command"),
        (["@a edit 3: x"], "no message 3"),
    ],
)
async def test_lines_naming_what_does_not_exist_stop_the_run(
    sqlite_bot: BotConsole, lines: list[str], reason: str
) -> None:
    Probe(sqlite_bot)
    await sqlite_bot.play(*lines[:-1])
    with pytest.raises(ScriptError, match=reason):
        await sqlite_bot.play(lines[-1])
