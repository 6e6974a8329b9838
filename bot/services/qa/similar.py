"""Similar questions: what catches a paraphrase, fast, on 100,000 questions.

Both sides are canonical terms (:mod:`bot.services.qa.terms`), so synonyms and abbreviations
already meet. Candidates come from the full-text index, probed with the query's rarest terms
(a probe with any common term would rank a large part of the corpus); each candidate is then
scored with a cosine over idf-weighted term sets, which is comparable across questions, so a
fixed threshold can tell "the same question" from "a related one".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import replace

from bot.storage.models.qa import QAQuestion
from bot.storage.repos.qa import Filters, QARepo

__all__ = ["DUPLICATE", "RELATED", "answered_only", "find_similar", "similarity"]

#: a question this close is offered to the asker as possibly already answered
DUPLICATE = 0.5
#: a question this close is listed in the thread as related reading
RELATED = 0.3

_PROBE_TERMS = 4
_CANDIDATES = 30
# A term in at most this share of questions is telling enough to find candidates alone.
_SINGLE_SHARE = 0.005
_SINGLE_FLOOR = 50
# Small communities have few questions: count as if there were at least this many, so that
# one early question does not make every shared term look common.
_PRIOR_QUESTIONS = 100


def _idf(questions: int, df: int) -> float:
    n = max(questions, _PRIOR_QUESTIONS)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def similarity(a: set[str], b: set[str], questions: int, dfs: dict[str, int]) -> float:
    """Cosine of two term sets, each term weighted by its idf: 1 for the same terms, 0 for
    nothing shared; rare shared terms count most."""
    if not a or not b:
        return 0.0

    def weight(term: str) -> float:
        return _idf(questions, dfs.get(term, 0)) ** 2

    shared = sum(weight(t) for t in a & b)
    if not shared:
        return 0.0
    return shared / math.sqrt(sum(weight(t) for t in a) * sum(weight(t) for t in b))


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
    # Candidates share two of the rarest terms, or one term rare enough on its own: far
    # fewer to rank than everything sharing any word, and a paraphrase keeps those.
    probe = known[:_PROBE_TERMS]
    single = max(_SINGLE_FLOOR, int(questions * _SINGLE_SHARE))
    clauses = [[t] for t in probe if dfs[t] <= single]
    clauses += [list(pair) for pair in itertools.combinations(probe, 2)]
    if len(probe) == 1:
        clauses = [probe]
    rows = await repo.search(clauses, filters, question_only=True, limit=_CANDIDATES)
    if not rows:
        return []
    candidate_terms = {row.id: set(row.terms.split()) for row in rows}
    missing = set().union(*candidate_terms.values()) - dfs.keys()
    if missing:
        _, more = await repo.doc_freqs(missing)
        dfs = {**dfs, **more}
    scored = [(row, similarity(wanted, candidate_terms[row.id], questions, dfs)) for row in rows]
    scored = [(row, score) for row, score in scored if score >= threshold]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].number))
    return scored[:limit]


def answered_only(filters: Filters, *, accepted: bool) -> Filters:
    """The same filters, narrowed to questions with accepted answers (or any answers)."""
    return replace(filters, statuses=("accepted",) if accepted else ("accepted", "answered"))
