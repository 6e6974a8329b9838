"""How articles, digests and feed status look, as platform-neutral replies."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.domain.reply import Field, Item, Reply, Section
from bot.gate import Gate
from bot.storage.models.feeds import ArticleRow, FeedSource

__all__ = [
    "TYPE_LABELS",
    "article_post",
    "correction_post",
    "digest_reply",
    "doi_link",
    "importance",
    "scrubbed",
    "status_reply",
    "version_note",
]

log = logging.getLogger(__name__)

#: Shown before a title; also the order of importance in a digest.
TYPE_LABELS = {
    "guideline": "Guideline",
    "meta-analysis": "Meta-analysis",
    "rct": "RCT",
    "review": "Review",
    "article": "",
    "preprint": "Preprint",
    "erratum": "Erratum",
    "retraction": "Retraction",
}
_RANK = {kind: i for i, kind in enumerate(TYPE_LABELS)}
MAX_DIGEST_ITEMS = 40


def doi_link(art: ArticleRow) -> str | None:
    """The DOI link of an article (stable), else its own link."""
    return f"https://doi.org/{art.doi}" if art.doi else art.link


def importance(art: ArticleRow) -> tuple[int, float, int]:
    """Sort key: guidelines, meta-analyses and trials first, then the newest, then by id."""
    published = art.published.timestamp() if art.published else 0.0
    return (_RANK.get(art.type, len(_RANK)), -published, art.id)


def _title(art: ArticleRow) -> str:
    label = TYPE_LABELS.get(art.type, "")
    return f"[{label}] {art.title}" if label else art.title


def _meta(art: ArticleRow) -> str:
    parts = [art.journal or "unknown journal"]
    if art.published:
        parts.append(art.published.strftime("%Y-%m-%d"))
    if art.version:
        parts.append(f"version {art.version}")
    if art.doi:
        parts.append(f"doi:{art.doi}")
    return " · ".join(parts)


def article_post(art: ArticleRow) -> Reply:
    """One new article in a channel."""
    return Reply(
        text=f"📄 New in {art.journal or 'your feeds'}",
        sections=(Section(items=(Item(_title(art), doi_link(art), _meta(art)),)),),
    )


def version_note(art: ArticleRow) -> Reply:
    """A new preprint version, in the thread of the article's post (platforms without edits)."""
    return Reply(
        text=f"🔄 Updated to version {art.version}: {art.title}",
        sections=(Section(items=(Item(_title(art), art.link or doi_link(art), _meta(art)),)),),
    )


def correction_post(art: ArticleRow, original: ArticleRow) -> Reply:
    """A retraction or erratum, announced in the thread where the original was posted."""
    what = "Retraction" if art.type == "retraction" else "Correction"
    return Reply(
        text=f"⚠️ {what} notice for “{original.title}”",
        sections=(Section(items=(Item(art.title, doi_link(art), _meta(art)),)),),
    )


def digest_reply(
    title: str, articles: Sequence[ArticleRow], since: datetime, now: datetime
) -> Reply:
    """A digest grouped by journal, the most important types first in each journal."""
    if not articles:
        return Reply(text=f"{title}: no new articles since {since:%Y-%m-%d %H:%M} UTC.")
    by_journal: dict[str, list[ArticleRow]] = defaultdict(list)
    for art in articles:
        by_journal[art.journal or "Other"].append(art)
    for items in by_journal.values():
        items.sort(key=lambda a: (_RANK.get(a.type, 9), -(a.published or now).timestamp()))
    journals = sorted(
        by_journal, key=lambda j: (min(_RANK.get(a.type, 9) for a in by_journal[j]), j.lower())
    )
    sections: list[Section] = []
    shown = 0
    for journal in journals:
        room = MAX_DIGEST_ITEMS - shown
        if room <= 0:
            break
        items = by_journal[journal][:room]
        shown += len(items)
        sections.append(
            Section(
                title=journal,
                items=tuple(Item(_title(a), doi_link(a), _meta(a)) for a in items),
            )
        )
    more = len(articles) - shown
    context = f"{more} more not shown." if more > 0 else ""
    return Reply(
        text=f"{title}: {len(articles)} new article{'s' if len(articles) != 1 else ''} "
        f"since {since:%Y-%m-%d %H:%M} UTC",
        sections=tuple(sections),
        context=context,
    )


def scrubbed(reply: Reply, gate: Gate) -> Reply:
    """A reply that shows feed text (article and feed titles, journals) after the privacy
    gate, like any text Rounds posts: every text field redacted, links and buttons' values
    left alone. Stored text is scrubbed when stored too; this also covers rows stored before
    that, or under an older detector."""
    kinds: list[str] = []

    def clean(text: str) -> str:
        if not text:
            return text
        redacted, found = gate.scrub(text)
        kinds.extend(found)
        return redacted

    sections = tuple(
        replace(
            section,
            title=clean(section.title),
            text=clean(section.text),
            fields=tuple(
                replace(f, name=clean(f.name), value=clean(f.value)) for f in section.fields
            ),
            items=tuple(
                replace(item, title=clean(item.title), meta=clean(item.meta))
                for item in section.items
            ),
        )
        for section in reply.sections
    )
    out = replace(
        reply,
        text=clean(reply.text),
        sections=sections,
        context=clean(reply.context),
        actions=tuple(replace(a, label=clean(a.label)) for a in reply.actions),
    )
    if kinds:
        log.warning("feed text redacted before posting: %s", ", ".join(dict.fromkeys(kinds)))
    return out


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def status_reply(sources: Sequence[tuple[FeedSource, int, list[str]]]) -> Reply:
    """``/feed status``: one card per feed with state, last success, failures, next try."""
    if not sources:
        return Reply.of("No feeds here yet. Add one with /feed add URL [#group].")
    sections = []
    for src, items, channels in sources:
        state = {"ok": "✅ ok", "failing": "⚠️ failing", "disabled": "⛔ disabled"}[src.state]
        fields = [
            Field("State", state),
            Field("Last success", _when(src.last_success)),
            Field("Failures", str(src.failures)),
            Field("Next try", _when(src.next_poll) if src.state != "disabled" else "—"),
            Field("Last HTTP status", str(src.last_status) if src.last_status else "—"),
            Field("Articles", str(items)),
        ]
        if src.last_error:
            fields.append(Field("Last error", src.last_error))
        if channels:
            fields.append(Field("Posts to", ", ".join(f"#{c}" for c in channels)))
        sections.append(
            Section(title=f"{src.id}. {src.title or src.url}", text=src.url, fields=tuple(fields))
        )
    return Reply(
        text=f"{len(sources)} feed{'s' if len(sources) != 1 else ''}", sections=tuple(sections)
    )
