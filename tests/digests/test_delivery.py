"""Per-article posts through the console bot and local feed servers, on both engines: a
baseline first, then only what is new, capped per channel; one article in four feeds is
stored once with four sources and posted once per channel; preprint versions update the
post; corrections and retractions go to the thread of the original's post."""

from __future__ import annotations

from bot.services.digests.admin import FeedAdmin
from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.helpers import SETUP, one, posts, texts
from tests.digests.servers import FeedSite


async def _follow(bot: BotConsole, who: str, group: str, *urls: str) -> None:
    for url in urls:
        out = await bot.play(f"@{who} #{group}: /feed add {url} #{group}")
        assert texts(out)[0].startswith("Following feed"), out


async def test_baseline_then_new_once_per_channel_with_four_sources(
    fbot: BotConsole, site: FeedSite
) -> None:
    old = P.OLD
    # PubMed's links carry tracking parameters that change on every fetch: no validators,
    # a new body every time.
    urls = [
        site.set("/pubmed", lambda n: P.pubmed(old, n), validators=False),
        site.set("/rss1", P.rss1(old)),
        site.set("/atom", P.atom(old)),
        site.set("/conference", P.conference(old)),
    ]
    await fbot.play(SETUP)
    await _follow(fbot, "bob", "cardiology", *urls)
    await _follow(fbot, "alice", "research", urls[2])
    assert await fbot.play("! poll") == []  # the first poll is a baseline: nothing is posted
    assert await fbot.play("! poll") == []  # nothing new

    new = [P.NEJM, *old]
    site.set("/pubmed", lambda n: P.pubmed(new, n), validators=False)
    site.set("/rss1", P.rss1(new))
    site.set("/atom", P.atom(new))
    site.set("/conference", P.conference(new))
    out = await fbot.play("! poll")
    # One post per channel, though #cardiology follows four feeds that carry it.
    assert len(posts(out, "cardiology")) == 1 and len(posts(out, "research")) == 1
    post = posts(out, "cardiology")[0]
    assert post.startswith("📄 New in N Engl J Med")
    assert f"[RCT] {P.NEJM.title} <https://doi.org/{P.NEJM.doi.lower()}>" in post
    assert await fbot.play("! poll", "! poll") == []  # PubMed's new links are not new articles

    assert fbot.core is not None
    items = await FeedAdmin(fbot.core).items(None)
    nejm = [i for i in items if i["doi"] == P.NEJM.doi.lower()]
    assert len(nejm) == 1 and sorted(nejm[0]["sources"]) == sorted(urls)
    assert nejm[0]["pmid"] == P.NEJM.pmid and nejm[0]["type"] == "rct"
    assert len(items) == 4  # three old ones and the new one, whatever the feed

    why = one(await fbot.play(f"@carol #cardiology: /feed why doi:{P.NEJM.doi}"), kind="ephemeral")
    assert "#cardiology: posted; also in feeds" in why["text"]
    assert "duplicates are not posted" in why["text"]
    assert "#research: posted" in why["text"]
    why = one(
        await fbot.play(
            f"@carol #cardiology: /feed why https://pubmed.ncbi.nlm.nih.gov/{P.OLD[0].pmid}/"
        ),
        kind="ephemeral",
    )
    assert "#cardiology: not posted: old" in why["text"] and "baseline" in why["text"]
    why = one(await fbot.play("@carol #cardiology: /feed why 10.9999/unknown"), kind="ephemeral")
    assert why["text"] == "Rounds has not seen that article in any feed it polls."


async def test_new_articles_are_capped_per_channel_most_important_first(
    fbot: BotConsole, site: FeedSite
) -> None:
    url = site.set("/pubmed", lambda n: P.pubmed(P.OLD, n), validators=False)
    other = site.set("/rss1", P.rss1(P.OLD))
    await fbot.play(SETUP)
    await _follow(fbot, "bob", "cardiology", url, other)
    assert await fbot.play("! poll") == []
    lots = P.batch("capped", 6)
    guideline = P.Paper(
        "10.1161/CIR.0000000000001234",
        "39999001",
        "2026 ACC/AHA guideline for the management of heart failure",
        "Circulation",
    )
    site.set("/pubmed", lambda n: P.pubmed([*lots, guideline, *P.OLD], n), validators=False)
    also = P.batch("also", 2)
    site.set("/rss1", P.rss1([*also, *P.OLD]))
    out = await fbot.play("! poll")
    shown = posts(out, "cardiology")
    assert len(shown) == 5  # feeds.max_posts_per_poll, across both feeds of the channel
    assert "[Guideline] 2026 ACC/AHA guideline" in shown[0]
    left = [p for p in [*lots, *also] if not any(p.doi.lower() in t for t in shown)]
    assert len(left) == 4
    for paper in left:
        why = one(await fbot.play(f"@bob #cardiology: /feed why {paper.doi}"), kind="ephemeral")
        assert "#cardiology: not posted: too many new articles in one poll" in why["text"]
    assert await fbot.play("! poll") == []  # capped is final: not posted by a later poll
    digest = await fbot.play("@bob #cardiology: /digest")
    # Everything first stored this week is in it: the 3 of the baseline and the 9 new ones.
    assert texts(digest)[0].startswith("Digest for #cardiology: 12 new articles since")


async def test_preprint_versions_update_the_post(fbot: BotConsole, site: FeedSite) -> None:
    url = site.set("/medrxiv", P.rss1(P.OLD))
    await fbot.play(SETUP)
    await _follow(fbot, "bob", "cardiology", url)
    await fbot.play("! poll")
    site.set("/medrxiv", P.medrxiv(1))
    out = await fbot.play("! poll")
    post = one(out, kind="message", channel="#cardiology")
    assert "[Preprint] Wearable ECG screening" in post["text"] and "version 1" in post["text"]
    site.set("/medrxiv", P.medrxiv(2))
    out = await fbot.play("! poll")
    assert [a["kind"] for a in out] == ["edit"]  # an update of the post, not a new one
    assert out[0]["id"] == post["id"] and "version 2" in out[0]["text"]
    assert fbot.core is not None
    items = await FeedAdmin(fbot.core).items(None)
    preprints = [i for i in items if i["doi"] == P.MEDRXIV_DOI]
    assert len(preprints) == 1 and preprints[0]["type"] == "preprint"


async def test_corrections_are_announced_in_the_thread_of_the_original(
    fbot: BotConsole, site: FeedSite
) -> None:
    colchicine = P.Paper(
        "10.1016/S0140-6736(26)00001-2",
        "39000002",
        "Colchicine after myocardial infarction in older adults",
        "Lancet",
    )
    pubmed = site.set("/pubmed", lambda n: P.pubmed(P.OLD, n), validators=False)
    atom = site.set("/atom", P.atom(P.OLD))
    await fbot.play(SETUP)
    await _follow(fbot, "bob", "cardiology", pubmed, atom)
    await _follow(fbot, "alice", "research", atom)
    await fbot.play("! poll")
    site.set("/pubmed", lambda n: P.pubmed([P.NEJM, *P.OLD], n), validators=False)
    site.set("/atom", P.atom([colchicine, *P.OLD]))
    out = await fbot.play("! poll")
    nejm_post = one(out, kind="message", channel="#cardiology", text=P.NEJM.title)
    colchicine_posts = [a for a in out if a["kind"] == "message" and colchicine.title in a["text"]]
    assert len(colchicine_posts) == 2  # in #cardiology and #research

    erratum = P.Paper(
        "10.1056/NEJMx260009",
        "39000009",
        f"Erratum: {P.NEJM.title}",
        ptype="Published Erratum",
        note=f"Erratum for: {P.NEJM.title}. doi: {P.NEJM.doi}.",
    )
    retraction = P.Paper(
        "10.1016/S0140-6736(26)00777-7",
        "39000010",
        f"Retraction notice to: {colchicine.title}",
        "Lancet",
    )
    site.set("/pubmed", lambda n: P.pubmed([erratum, P.NEJM, *P.OLD], n), validators=False)
    site.set("/atom", P.atom([retraction, colchicine, *P.OLD]))
    out = await fbot.play("! poll")
    assert posts(out, "cardiology") == [] and posts(out, "research") == []
    threaded = [a for a in out if a["kind"] == "message"]
    assert len(threaded) == 3, out
    notice = one(threaded, thread=nejm_post["id"])
    assert notice["channel"] == "#cardiology"
    assert notice["text"].startswith(f"⚠️ Correction notice for “{P.NEJM.title}”")
    for post in colchicine_posts:  # named by title only, found by its normalised title
        notice = one(threaded, thread=post["id"])
        assert notice["text"].startswith(f"⚠️ Retraction notice for “{colchicine.title}”")
    assert await fbot.play("! poll") == []  # announced once
