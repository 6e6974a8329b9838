"""Forum channels: a question is a post tagged Open, switched to Solved when accepted (and
archived if ``discord.archive_solved``). The two tags are created on the forum when missing
and Rounds may (Manage Channels); otherwise posts simply go untagged, logged once."""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.convert import send_kwargs
from adapters.discord.link import Link
from adapters.discord.render import OutMessage

__all__ = ["Forums"]

log = logging.getLogger(__name__)

TAGS = {"open": ("Open", "🟢"), "solved": ("Solved", "✅")}
MAX_APPLIED_TAGS = 5


class Forums:
    def __init__(self, link: Link) -> None:
        self.link = link
        self._tags: dict[int, dict[str, discord.ForumTag]] = {}
        self._warned: set[int] = set()

    async def channel(self, forum_id: int) -> discord.ForumChannel:
        found = self.link.client.get_channel(forum_id)
        if not isinstance(found, discord.ForumChannel):
            fetched = await self.link.client.fetch_channel(forum_id)
            if not isinstance(fetched, discord.ForumChannel):
                raise LookupError(f"channel {forum_id} is not a forum")
            found = fetched
        return found

    async def tags(self, forum: discord.ForumChannel) -> dict[str, discord.ForumTag]:
        """The Open and Solved tags of a forum, created once if missing and allowed."""
        known = self._tags.get(forum.id)
        if known is not None and len(known) == len(TAGS):
            return known
        by_name = {t.name.lower(): t for t in forum.available_tags}
        missing = [state for state, (name, _) in TAGS.items() if name.lower() not in by_name]
        if missing:
            wanted = [*forum.available_tags]
            wanted += [discord.ForumTag(name=TAGS[s][0], emoji=TAGS[s][1]) for s in missing]
            try:
                forum = await forum.edit(available_tags=wanted)
                by_name = {t.name.lower(): t for t in forum.available_tags}
            except discord.HTTPException as exc:
                if forum.id not in self._warned:
                    self._warned.add(forum.id)
                    log.warning(
                        "forum %s has no Open/Solved tags and Rounds cannot add them (%s): "
                        "give Rounds Manage Channels there or add the tags by hand",
                        forum.id,
                        exc.status,
                    )
        found = {
            state: by_name[name.lower()]
            for state, (name, _) in TAGS.items()
            if name.lower() in by_name
        }
        self._tags[forum.id] = found
        return found

    async def open_post(self, forum_id: int, title: str, first: OutMessage) -> int:
        """Create a post in a forum with ``first`` as its opening message; returns the post's
        id (which is also the id of that message). In a Q&A forum (``discord.forum_channels``)
        the post is a question, so it starts tagged Open."""
        forum = await self.channel(forum_id)
        kwargs: dict[str, Any] = send_kwargs(first, self.link.core.config.data_dir)
        if self.link.forum(str(forum_id)):
            tags = await self.tags(forum)
            if "open" in tags:
                kwargs["applied_tags"] = [tags["open"]]
        created = await forum.create_thread(name=title, **kwargs)
        return created.thread.id

    async def opened(self, thread: discord.Thread) -> None:
        """A member opened a post in a Q&A forum: it is a question, tag it Open."""
        if thread.parent_id is None or not self.link.forum(str(thread.parent_id)):
            return
        me = self.link.client.user
        if me is not None and thread.owner_id == me.id:
            return  # Rounds' own posts are tagged when created
        try:
            await self.mark(thread.parent_id, thread.id, "open")
        except (discord.HTTPException, LookupError) as exc:
            log.warning("forum post %s not tagged Open: %s", thread.id, type(exc).__name__)

    async def mark(self, forum_id: int, thread_id: int, state: str) -> None:
        """Show a post as open or solved: swap the tag, archive a solved one if configured."""
        if state not in TAGS:
            raise ValueError(f"unknown thread state {state!r}")
        forum = await self.channel(forum_id)
        tags = await self.tags(forum)
        thread = self.link.client.get_channel(thread_id)
        if not isinstance(thread, discord.Thread):
            fetched = await self.link.client.fetch_channel(thread_id)
            if not isinstance(fetched, discord.Thread):
                raise LookupError(f"channel {thread_id} is not a forum post")
            thread = fetched
        ours = {t.id for t in tags.values()}
        applied = [t for t in thread.applied_tags if t.id not in ours]
        if state in tags:
            applied.append(tags[state])
        archive = state == "solved" and self.link.config.archive_solved
        await thread.edit(applied_tags=applied[-MAX_APPLIED_TAGS:], archived=archive)
