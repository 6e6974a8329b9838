"""Similar questions: what catches a paraphrase, fast, on 100,000 questions.

Both sides are canonical terms (:mod:`bot.services.qa.terms`), so synonyms and abbreviations
already meet. Candidates come from the full-text index, probed with the query's rarest terms
(a probe with any common term would rank a large part of the corpus); each candidate is then
scored by how much of each question the other covers (idf-weighted, medical subjects double),
which is comparable across questions, so a fixed threshold can tell "the same question" from
"a related one".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import replace

from bot.services.qa.terms import is_subject
from bot.storage.models.qa import QAQuestion
from bot.storage.repos.qa import Filters, QARepo

__all__ = ["DUPLICATE", "RELATED", "answered_only", "find_similar", "similarity"]

#: a question this close is offered to the asker as possibly already answered: the asker
#: decides, so a paraphrase missed costs more than a near miss offered (bench/qa.py measures
#: both)
DUPLICATE = 0.7
#: a question this close is listed in the thread as related reading
RELATED = 0.4

_PROBE_TERMS = 4
_CANDIDATES = 30
# Terms in at most this share of questions are rare enough to find candidates one by one.
_BUDGET_SHARE = 0.01
_BUDGET_FLOOR = 100
# Small communities have few questions: count as if there were at least this many, so that
# one early question does not make every shared term look common.
_PRIOR_QUESTIONS = 100


def _idf(questions: int, df: int) -> float:
    n = max(questions, _PRIOR_QUESTIONS)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def similarity(a: set[str], b: set[str], questions: int, dfs: dict[str, int]) -> float:
    """How much of each question the other covers, the smaller of the two: 1 for the same
    terms, 0 for nothing shared. Terms weigh by their idf (rare ones say more), and medical
    subjects — drugs, conditions, settings — count double, so that "apixaban in CKD" and
    "apixaban in pregnancy" differ more than two phrasings of one question do."""
    if not a or not b:
        return 0.0

    def weight(term: str) -> float:
        return _idf(questions, dfs.get(term, 0)) * (2.0 if is_subject(term) else 1.0)

    shared = sum(weight(t) for t in a & b)
    if not shared:
        return 0.0
    return min(shared / sum(weight(t) for t in a), shared / sum(weight(t) for t in b))


async def find_similar(
    repo: QARepo,
    terms: Sequence[str],
    filters: Filters,
    *,
    threshold: float,
    limit: int = 3,
) -> list[tuple[QAQuestion, float]]:
    """Up to ``limit`` questions passing ``filters`` at least ``threshold`` similar, best
    first."""
    wanted = set(terms)
    if not wanted:
        return []
    questions, dfs = await repo.doc_freqs(wanted)
    known = sorted((t for t in wanted if dfs.get(t)), key=lambda t: (dfs[t], t))
    if not known:
        return []
    found: dict[int, tuple[QAQuestion, float]] = {}
    for clauses in _probes(known, dfs, questions):
        rows = await repo.search(clauses, filters, question_only=True, limit=_CANDIDATES)
        candidate_terms = {row.id: set(row.terms.split()) for row in rows}
        missing = set().union(set(), *candidate_terms.values()) - dfs.keys()
        if missing:
            _, more = await repo.doc_freqs(missing)
            dfs = {**dfs, **more}
        for row in rows:
            score = similarity(wanted, candidate_terms[row.id], questions, dfs)
            if score >= threshold:
                found[row.id] = (row, score)
        if found:
            break
    ranked = sorted(found.values(), key=lambda pair: (-pair[1], -pair[0].number))
    return ranked[:limit]


def _probes(known: list[str], dfs: dict[str, int], questions: int) -> list[list[list[str]]]:
    """What candidates must contain, tightest first (the next is tried only when the one
    before found nothing similar enough). A paraphrase keeps its telling terms, so it is
    found among questions sharing three of the four rarest, else the rarest and one other;
    a common word never drags a large part of the corpus in to be ranked. When every term is
    rare (a small community), any one of them will do."""
    probe = known[:_PROBE_TERMS]
    budget = max(_BUDGET_FLOOR, questions * _BUDGET_SHARE)
    if all(dfs[t] <= budget for t in probe):
        return [[[t] for t in probe]]
    levels = []
    if len(probe) > 3:
        levels.append([list(c) for c in itertools.combinations(probe, 3)])
    rarest, others = probe[0], probe[1:]
    levels.append([[rarest, t] for t in others] or [[rarest]])
    return levels


def answered_only(filters: Filters, *, accepted: bool) -> Filters:
    """The same filters, narrowed to questions with accepted answers (or any answers)."""
    return replace(filters, statuses=("accepted",) if accepted else ("accepted", "answered"))
