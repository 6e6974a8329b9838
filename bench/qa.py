"""Q&A at scale: `/qa search` and duplicate suggestions on 100,000 generated questions, on
SQLite and on PostgreSQL (a temporary database, dropped after). Prints a table.

    python bench/qa.py [--questions 100000] [--queries 300] [--engines sqlite,postgresql]
                       [--pg postgresql://postgres@127.0.0.1:5432]

Questions are generated from clinical templates with the vocabulary people actually mix
(brands and generics, abbreviations and spelled-out names), so that normalisation and the
index work as in production. `/qa search` is timed end to end through the dispatch chain, as
an adapter calls it; a suggestion is the look-up run before a new question is routed (a
paraphrase of an existing question with an accepted answer). Targets: search p95 < 50 ms,
suggestion p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.console import Console
from bot.app import Core
from bot.clock import ManualClock
from bot.config import Config
from bot.context import Ctx
from bot.platform import CommandEvent
from bot.services.qa.terms import normalize
from bot.storage.models.qa import QAQuestion, QATag, QATermStat
from bot.storage.repos import MemberRepo

NOW = datetime(2026, 3, 28, 12, tzinfo=UTC)

# Each entry: the ways people write one thing (the first is the canonical topic key).
DRUGS = [
    ["apixaban", "Eliquis"], ["rivaroxaban", "Xarelto"], ["dabigatran", "Pradaxa"],
    ["edoxaban", "Savaysa"], ["warfarin", "Coumadin"], ["enoxaparin", "Lovenox"],
    ["heparin", "UFH"], ["aspirin", "ASA"], ["clopidogrel", "Plavix"],
    ["ticagrelor", "Brilinta"], ["prasugrel", "Effient"], ["metformin", "Glucophage"],
    ["empagliflozin", "Jardiance"], ["dapagliflozin", "Farxiga"], ["semaglutide", "Ozempic"],
    ["tirzepatide", "Mounjaro"], ["insulin glargine"],
    ["atorvastatin", "Lipitor"], ["rosuvastatin", "Crestor"], ["ezetimibe", "Zetia"],
    ["evolocumab", "Repatha"], ["lisinopril", "Zestril"], ["losartan", "Cozaar"],
    ["sacubitril-valsartan", "Entresto", "an ARNI"], ["metoprolol", "Lopressor"],
    ["carvedilol", "Coreg"], ["amlodipine", "Norvasc"], ["diltiazem", "Cardizem"],
    ["furosemide", "Lasix"], ["spironolactone", "Aldactone"], ["hydrochlorothiazide", "HCTZ"],
    ["digoxin", "Lanoxin"], ["amiodarone", "Cordarone"], ["flecainide"], ["sotalol"],
    ["dofetilide"], ["dronedarone"], ["ivabradine"], ["ranolazine"], ["colchicine"],
    ["allopurinol"], ["febuxostat"], ["prednisone"], ["methotrexate"],
    ["hydroxychloroquine"], ["levothyroxine", "Synthroid"], ["omeprazole", "Prilosec"],
    ["vancomycin", "vanc"], ["piperacillin-tazobactam", "pip-tazo", "Zosyn"],
    ["ceftriaxone"], ["azithromycin", "a Z-pack"], ["acetaminophen", "paracetamol"],
    ["ibuprofen", "Advil"], ["gabapentin"], ["sertraline"], ["lithium"], ["tacrolimus"],
    ["alteplase"], ["tenecteplase"], ["denosumab"], ["alendronate"],
    ["nitrofurantoin"], ["labetalol"], ["nifedipine"], ["hydralazine"], ["magnesium"],
    ["potassium chloride"], ["iron sucrose"], ["erythropoietin"],
]  # fmt: skip
CONDITIONS = [
    ["atrial fibrillation", "AF", "afib"], ["chronic kidney disease", "CKD"],
    ["heart failure", "HF", "CHF"], ["HFrEF"], ["HFpEF"],
    ["myocardial infarction", "MI", "heart attack"], ["NSTEMI"],
    ["hypertension", "HTN", "high blood pressure"], ["type 2 diabetes", "T2DM"],
    ["pulmonary embolism", "PE"], ["deep vein thrombosis", "DVT"], ["COPD"], ["asthma"],
    ["pneumonia"], ["sepsis"], ["stroke", "CVA"], ["TIA"], ["gout"], ["osteoporosis"],
    ["cirrhosis"], ["acute kidney injury", "AKI"], ["hyperkalemia", "high potassium"],
    ["hyponatremia"], ["anemia"], ["thrombocytopenia", "low platelets"],
    ["hypothyroidism"], ["GERD", "reflux"], ["Crohn's disease"], ["ulcerative colitis"],
    ["rheumatoid arthritis"], ["lupus", "SLE"], ["HIV"], ["UTI"], ["C. diff", "CDI"],
    ["aortic stenosis"], ["obstructive sleep apnea", "OSA"], ["obesity"],
    ["dyslipidemia", "high cholesterol"], ["ESRD", "end-stage renal disease"],
    ["mechanical valve"], ["LV thrombus"], ["cardiac amyloidosis"], ["pericarditis"],
    ["endocarditis"], ["syncope"], ["hypertrophic cardiomyopathy", "HCM"],
    ["preeclampsia"], ["gestational diabetes"], ["migraine"], ["epilepsy"], ["delirium"],
]  # fmt: skip
SETTINGS = [
    ["in pregnancy", "in a pregnant patient"], ["in the elderly", "in older adults"],
    ["in children", "in pediatric patients"], ["on dialysis", "on hemodialysis"],
    ["before surgery", "perioperatively"], ["after PCI", "after a stent"],
    ["with eGFR below 30", "with a GFR under 30"], ["in liver disease"],
    ["with active cancer"], ["after a GI bleed", "after GI bleeding"],
    ["in frail patients"], ["at 90 years"], ["in the ICU", "in intensive care"],
    ["after TAVR", "after TAVI"], ["in obesity"], [""],
]  # fmt: skip
INTENTS = [
    ["Should the {d} dose be reduced for {c} {s}?", "Need to lower {d} dosing in {c} {s}?"],
    ["Is {d} safe for {c} {s}?", "Can I use {d} in {c} {s}?"],
    ["When should {d} be stopped {s} with {c}?", "Timing to discontinue {d} in {c} {s}?"],
    ["{d} or {d2} for {c} {s}?", "Which is better in {c} {s}: {d} or {d2}?"],
    ["How do you monitor {d} in {c} {s}?", "Monitoring labs on {d} with {c} {s}?"],
    ["Does {d} interact with {d2} in {c}?", "Interaction between {d} and {d2}, {c} {s}?"],
    ["How to switch from {d} to {d2} in {c} {s}?", "Switching {d} to {d2} for {c} {s}: how?"],
    ["What is the evidence for {d} in {c} {s}?", "Any trial data on {d} for {c} {s}?"],
    ["First-line therapy for {c} {s}: {d}?", "Is {d} still first line for {c} {s}?"],
    ["Starting {d} for {c} {s}: what dose?", "Initiation dose of {d} in {c} {s}?"],
]  # fmt: skip
SEARCHES = [
    "{d}", "{d} {c}", "{c} {s}", "{d} {s}", "{c}", "{d} {d2}", "{d} dose {c}",
]  # fmt: skip
FILTERS = ["", "", "", " status:accepted", " status:open", " tag:cardiology", " evidence:cited",
           " since:30d", " status:answered tag:nephrology"]  # fmt: skip
GROUPS = ["cardiology", "nephrology", "endocrinology", "internal-medicine", "pulmonology"]


def _zipf(rng: random.Random, items: list[Any]) -> Any:
    """A few topics are asked about far more often than most, as in real communities."""
    weights = [1 / (i + 1) ** 0.8 for i in range(len(items))]
    return rng.choices(items, weights)[0]


Topic = tuple[int, int, int, int, int]  # intent, drug, second drug, condition, setting
# Intents that name a second drug: for the others it is no part of the question.
_TWO_DRUGS = (3, 5, 6)


def same_question(a: Topic, b: Topic) -> bool:
    """Whether two generated questions ask the same thing (however phrased)."""
    if a[0] != b[0] or a[1] != b[1] or a[3:] != b[3:]:
        return False
    return a[0] not in _TWO_DRUGS or a[2] == b[2]


def topic(rng: random.Random) -> Topic:
    d = DRUGS.index(_zipf(rng, DRUGS))
    d2 = rng.randrange(len(DRUGS))
    c = CONDITIONS.index(_zipf(rng, CONDITIONS))
    return rng.randrange(len(INTENTS)), d, d2, c, rng.randrange(len(SETTINGS))


def render(
    rng: random.Random, t: tuple[int, int, int, int, int], template: str | None = None
) -> str:
    intent, d, d2, c, s = t
    text = template or rng.choice(INTENTS[intent])
    return " ".join(
        text.format(
            d=rng.choice(DRUGS[d]),
            d2=rng.choice(DRUGS[d2]),
            c=rng.choice(CONDITIONS[c]),
            s=rng.choice(SETTINGS[s]),
        ).split()
    )


def paraphrase(rng: random.Random, t: Topic, original: str) -> str:
    """The same question in the other phrasing of its intent, names drawn anew."""
    forms = INTENTS[t[0]]
    for _ in range(10):
        text = render(rng, t, rng.choice(forms))
        if text != original:
            return text
    return text


async def _pg_create(server: str) -> tuple[str, str]:
    name = "rounds_qa_bench_" + secrets.token_hex(4)
    conn = await asyncpg.connect(f"{server}/postgres", timeout=5)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name, f"{server.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"


async def _pg_drop(server: str, name: str) -> None:
    conn = await asyncpg.connect(f"{server}/postgres", timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def _load(
    core: Core, tenant_id: int, n: int, rng: random.Random
) -> tuple[float, list[Any], dict[int, Topic]]:
    """Store ``n`` questions as the service leaves them (text, normalised terms, tags, term
    statistics; the full-text index through its triggers), in bulk: one by one through the
    service would take hours on a shared machine, and only the state matters here. Returns
    the load rate, (topic, text, id) of accepted questions to paraphrase later, and the
    topic of every question by id."""
    async with core.db.session() as s:
        asker = await MemberRepo(s, tenant_id).ensure("asker", "asker", NOW)
    accepted: list[Any] = []
    topics: dict[int, Topic] = {}
    df: Counter[str] = Counter()
    start = time.perf_counter()
    batch = 2000
    for first in range(0, n, batch):
        questions, tags = [], []
        for i in range(first, min(n, first + batch)):
            t = topic(rng)
            text = render(rng, t)
            terms = normalize(text)
            df.update(set(terms))
            group = GROUPS[t[3] % len(GROUPS)]
            row: dict[str, Any] = {
                "id": i + 1,
                "tenant_id": tenant_id,
                "number": i + 1,
                "asker_id": asker.id,
                "anonymous": False,
                "asker_label": "@asker",
                "source": "ask",
                "channel": group,
                "private": i % 50 == 0,
                "text": text,
                "terms": " ".join(terms),
                "context_terms": group,
                "groups": [group],
                "status": "open",
                "reuse_count": 0,
                "routed": True,
                "routed_count": 3,
                "quiet_count": 0,
                "cited": False,
                "created_at": NOW - timedelta(minutes=n - i),
            }
            roll = rng.random()
            if roll < 0.65:
                row["status"] = "accepted" if roll < 0.4 else "answered"
                row["first_reply_at"] = row["created_at"] + timedelta(hours=1)
                row["cited"] = roll < 0.25
                answer = render(rng, topic(rng), "{d} for {c}, see the trial")
                row["context_terms"] = " ".join([group, *normalize(answer)])
                if row["status"] == "accepted":
                    accepted.append((t, text, row["id"]))
            elif roll < 0.72:
                row["status"], row["closed_reason"] = "closed", "closed"
            questions.append(row)
            topics[row["id"]] = t
            tags.append({"tenant_id": tenant_id, "question_id": row["id"], "tag": group})
        async with core.db.session() as s:
            await s.execute(sa.insert(QAQuestion), questions)
            await s.execute(sa.insert(QATag), tags)
        print(f"  loaded {min(n, first + batch)}/{n}", end="\r", file=sys.stderr, flush=True)
    df[""] = n
    async with core.db.session() as s:
        await s.execute(
            sa.insert(QATermStat),
            [{"tenant_id": tenant_id, "term": term, "df": count} for term, count in df.items()],
        )
    if core.db.is_postgres:
        # Planner statistics, as autovacuum would gather them after a bulk load.
        async with core.db.engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.execute(sa.text("VACUUM ANALYZE"))
    print(file=sys.stderr)
    return n / (time.perf_counter() - start), accepted, topics


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


async def run_engine(engine: str, url: str, n: int, queries: int) -> dict[str, Any]:
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as tmp:
        core = Core(Config(data_dir=Path(tmp), database_url=url), clock=ManualClock(NOW))
        console = Console(core, out=io.StringIO(), as_json=True)
        await core.start(ticking=False)
        try:
            tenant_id = await core.tenant_id(console.tenant)
            rate, accepted, topics = await _load(core, tenant_id, n, rng)
            searches = [
                render(rng, topic(rng), rng.choice(SEARCHES)) + rng.choice(FILTERS)
                for _ in range(queries)
            ]
            handler_ms: list[float] = []
            async with core.db.session() as s:
                reader = await MemberRepo(s, tenant_id).ensure("reader", "reader", NOW)
            # One pass to warm the caches (pages, statements), then the two timed passes.
            for timed in (False, True):
                await _handler_pass(core, console, tenant_id, reader, searches, handler_ms, timed)
            search_ms = []
            for i, query in enumerate(searches):
                event = CommandEvent(
                    tenant=console.tenant,
                    event_id=f"bench-{i}",
                    user="reader",
                    channel="general",
                    name="qa",
                    args=f"search {query}",
                )
                started = time.perf_counter()
                await core.dispatch(event)
                search_ms.append((time.perf_counter() - started) * 1000)
            service = core.services["qa"].service
            suggest_ms, suggested, right, original = [], 0, 0, 0
            for t, text, question_id in rng.sample(accepted, min(queries, len(accepted))):
                asked = paraphrase(rng, t, text)
                started = time.perf_counter()
                found = await service.duplicates(tenant_id, normalize(asked), "reader", None)
                suggest_ms.append((time.perf_counter() - started) * 1000)
                suggested += bool(found)
                right += bool(found) and same_question(topics[found[0][0].id], t)
                original += any(q.id == question_id for q, _ in found)
            # New questions (nothing answered asks the same): how often a near miss is offered.
            answered = [topics[i] for _, _, i in accepted]
            offered_new, fresh = 0, 0
            while fresh < min(100, queries):
                t = topic(rng)
                if any(same_question(t, u) for u in answered):
                    continue
                fresh += 1
                found = await service.duplicates(tenant_id, normalize(render(rng, t)), "r", None)
                offered_new += bool(found)
            warm = search_ms
            return {
                "engine": engine,
                "questions": n,
                "ingest": rate,
                "handler_p95": _p(handler_ms, 95),
                "search_p50": statistics.median(warm),
                "search_p95": _p(warm, 95),
                "suggest_p50": statistics.median(suggest_ms),
                "suggest_p95": _p(suggest_ms, 95),
                "suggested": suggested / len(suggest_ms),
                "right": right / max(suggested, 1),
                "found": original / len(suggest_ms),
                "new": offered_new / fresh,
            }
        finally:
            await core.stop()


async def _handler_pass(
    core: Core,
    console: Console,
    tenant_id: int,
    reader: Any,
    searches: list[str],
    times: list[float],
    timed: bool,
) -> None:
    """Run each search through its handler alone (no dispatch chain)."""
    for i, query in enumerate(searches):
        event = CommandEvent(
            tenant=console.tenant,
            event_id=f"handler-{timed}-{i}",
            user="reader",
            channel="general",
            name="qa",
            args=f"search {query}",
        )
        ctx = Ctx(console.tenant, tenant_id, reader, event, core.outbox(console.tenant))
        resolved = core.registry.resolve("qa", event.args)
        started = time.perf_counter()
        await core.registry.handler(resolved.spec)(ctx, resolved.args)
        if timed:
            times.append((time.perf_counter() - started) * 1000)


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'engine':<11}{'questions':>10}{'load/s':>8}{'search p50':>12}{'search p95':>12}"
        f"{'(handler)':>11}"
        f"{'suggest p50':>13}{'suggest p95':>13}{'offered':>9}{'right':>7}{'original':>10}"
        f"{'new offered':>13}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['engine']:<11}{r['questions']:>10}{r['ingest']:>8.0f}"
            f"{r['search_p50']:>10.1f}ms{r['search_p95']:>10.1f}ms{r['handler_p95']:>9.1f}ms"
            f"{r['suggest_p50']:>11.1f}ms{r['suggest_p95']:>11.1f}ms"
            f"{r['suggested']:>9.0%}{r['right']:>7.0%}{r['found']:>10.0%}{r['new']:>13.0%}"
        )
    lines.append(
        "targets: search p95 < 50 ms, suggestion p95 < 100 ms. Search is timed through the "
        "whole dispatch chain, (handler) without it. For paraphrases of answered "
        "questions: offered = share shown a duplicate; right = share of those whose first "
        "suggestion asks the same thing; original = share shown the very question paraphrased; "
        "new offered = share of new questions (nothing answered asks the same) shown a near miss."
    )
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    rows = []
    for engine in args.engines.split(","):
        print(f"{engine}: generating {args.questions} questions…", file=sys.stderr)
        if engine == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
                rows.append(await run_engine(engine, url, args.questions, args.queries))
        else:
            name, url = await _pg_create(args.pg)
            try:
                rows.append(await run_engine(engine, url, args.questions, args.queries))
            finally:
                await _pg_drop(args.pg, name)
    print(table(rows))


if __name__ == "__main__":
    asyncio.run(main())
