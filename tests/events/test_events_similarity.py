"""Near-duplicate questions: paraphrases with the same content words match, others do not."""

from __future__ import annotations

from bot.services.events.similarity import THRESHOLD, most_similar, similarity, tokens


def test_a_paraphrase_is_similar() -> None:
    a = tokens("What was the optimal dose of apixaban in elderly patients?")
    b = tokens("What's the optimal apixaban dose for the elderly patient?")
    assert similarity(a, b) >= THRESHOLD


def test_different_questions_are_not() -> None:
    a = tokens("What was the optimal dose of apixaban in elderly patients?")
    b = tokens("How were the imaging endpoints adjudicated?")
    assert similarity(a, b) < THRESHOLD


def test_most_similar_picks_the_best_above_the_threshold() -> None:
    others = [(1, "Imaging endpoints: who adjudicated them?"), (2, "Apixaban dose in the elderly")]
    found = most_similar("What apixaban dose for elderly patients?", others)
    assert found is not None and found[0] == 2 and found[1] == 0.75  # 3 shared of 4 words
    assert most_similar("Unrelated words entirely", others) is None
    assert similarity(frozenset(), tokens("anything")) == 0.0
