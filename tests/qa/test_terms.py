"""Normalisation and similarity: paraphrases meet, different questions do not."""

from __future__ import annotations

import pytest

from bot.services.qa.similar import DUPLICATE, RELATED, similarity
from bot.services.qa.terms import normalize, stem, tags_in


def _sim(a: str, b: str) -> float:
    # No statistics: every term weighs the same, the harshest case for paraphrases.
    return similarity(set(normalize(a)), set(normalize(b)), 0, {})


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("AF", ["atrialfibrillation"]),
        ("a-fib", ["atrialfibrillation"]),
        ("Atrial Fibrillation", ["atrialfibrillation"]),
        ("CKD", ["chronickidneydisease"]),
        ("chronic renal failure", ["chronickidneydisease"]),
        ("heart attacks", ["myocardialinfarction"]),
        ("NSTEMI", ["myocardialinfarction", "nstemi"]),
        ("HTN", ["hypertension"]),
        ("high blood pressure", ["hypertension"]),
        ("type 2 diabetes", ["diabetes", "t2dm"]),
        ("CHF", ["heartfailure"]),
        ("HFrEF", ["heartfailure", "hfref"]),
        ("PE", ["pulmonaryembolism"]),
        ("DVT", ["deepveinthrombosis"]),
        ("COPD", ["copd"]),
        ("Eliquis", ["apixaban"]),
        ("blood thinners", ["anticoagulation"]),
        ("paediatric anaemia", ["pediatric", "anemia"]),
        ("SGLT-2 inhibitors", ["sglt2inhibitor"]),
        ("stopping perioperatively", ["stop", "perioperative"]),
    ],
)
def test_abbreviations_synonyms_and_spellings_meet(text: str, terms: list[str]) -> None:
    assert normalize(text) == terms


def test_stop_words_and_hashtags_go() -> None:
    assert normalize("Hi all, any thoughts on the best dose for this patient? #cardiology") == [
        "dose"
    ]
    assert tags_in("#Cardiology and #cardiology, #ACC26 (#1 is no tag)") == ["cardiology", "acc26"]


def test_the_stemmer_is_light() -> None:
    assert [stem(w) for w in ("doses", "stopping", "reduced", "studies", "apixaban")] == [
        "dose",
        "stop",
        "reduc",
        "study",
        "apixaban",
    ]


PARAPHRASES = [
    (
        "Should apixaban dose be reduced in AF patients with CKD stage 4?",
        "Do I need to lower the Eliquis dosage for afib with chronic kidney disease?",
    ),
    (
        "When should I stop DAPT after a heart attack before non-cardiac surgery?",
        "Stopping dual antiplatelet therapy post MI ahead of noncardiac surgery: timing?",
    ),
    (
        "Best anticoagulant for PE in pregnancy?",
        "Which blood thinner for pulmonary embolism in a pregnant patient?",
    ),
    (
        "SGLT2 inhibitors in HFpEF: worth starting?",
        "Should we start a gliflozin for heart failure with preserved ejection fraction?",
    ),
    (
        "Target blood pressure for elderly patients with hypertension?",
        "What BP goal in older adults with HTN?",
    ),
    (
        "What is the target INR for a mechanical mitral valve?",
        "Which INR range should we aim for with a mechanical mitral valve replacement?",
    ),
    (
        "When do you stop metformin before a CT with contrast?",
        "Do we need to hold metformin before contrast CT scans?",
    ),
    (
        "How long should DAPT continue after a drug-eluting stent for stable angina?",
        "Duration of dual antiplatelet therapy after DES in stable CAD?",
    ),
    ("Is colchicine useful after a heart attack?", "Any role for colchicine post MI?"),
    (
        "Best treatment for hyperkalemia in dialysis patients?",
        "How do you manage high potassium in patients on hemodialysis?",
    ),
    (
        "Statin intolerance: what are the alternatives?",
        "Patient can't tolerate statins, what else can I use?",
    ),
]

DIFFERENT = [
    (
        "Should apixaban dose be reduced in AF patients with CKD stage 4?",
        "Colchicine after myocardial infarction: who benefits?",
    ),
    ("Best anticoagulant for PE in pregnancy?", "Statin choice in pregnancy?"),
    (
        "When should I stop DAPT after a heart attack before non-cardiac surgery?",
        "Heparin bridging for warfarin before surgery?",
    ),
    (
        "Should apixaban dose be reduced in AF patients with CKD stage 4?",
        "Should apixaban dose be reduced in AF patients on dialysis?",
    ),
    ("Is colchicine useful after a heart attack?", "Is colchicine useful for pericarditis?"),
    (
        "Can SGLT2 inhibitors be used in type 1 diabetes?",
        "Can SGLT2 inhibitors be used in heart failure?",
    ),
]


@pytest.mark.parametrize(("a", "b"), PARAPHRASES)
def test_paraphrases_are_duplicates(a: str, b: str) -> None:
    assert _sim(a, b) >= DUPLICATE


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_questions_are_not(a: str, b: str) -> None:
    assert _sim(a, b) < DUPLICATE


def test_a_shared_subject_is_related_not_the_same() -> None:
    assert RELATED <= _sim("Apixaban dose in CKD?", "Apixaban dosing in pregnancy?") < DUPLICATE


def test_added_detail_and_another_verb_still_match() -> None:
    original = "Should apixaban dose be reduced in AF patients with CKD stage 4?"
    asked = "Is it OK to give Eliquis at full dose to an afib patient with stage 4 CKD?"
    assert _sim(original, asked) >= DUPLICATE


def test_rare_shared_terms_count_more() -> None:
    a, b = {"apixaban", "dose"}, {"apixaban", "dose", "pregnancy"}
    dfs = {"apixaban": 5, "dose": 5000, "pregnancy": 5000}
    c = {"rivaroxaban", "dose"}
    assert similarity(a, b, 10000, dfs) > 0.9
    assert similarity(a, c, 10000, {**dfs, "rivaroxaban": 5}) < 0.1
