"""Does a message read like a patient or a relative seeking personal medical advice?

Rounds is a space for clinicians; a patient who wanders in gets a polite scope notice and the
post waits for a moderator. The test is deliberately narrow (first-person health talk about
oneself or one's family, or "should I stop my …"), so that clinicians discussing their
patients ("my patient has…", "should I stop the statin in my 80-year-old?") pass.
"""

from __future__ import annotations

import re

__all__ = ["reads_like_patient"]

_RELATIVE = (
    r"(?:mother|mom|mum|mommy|father|dad|daddy|husband|wife|spouse|partner|son|daughter|"
    r"child|kid|baby|infant|toddler|brother|sister|sibling|grandmother|grandma|granny|"
    r"grandfather|grandpa|grandson|granddaughter|aunt|uncle|cousin|niece|nephew|boyfriend|"
    r"girlfriend|fianc[eé]e?|parents?|in-law|stepmother|stepfather|stepson|stepdaughter)"
)
# Words after "my" that make it a clinician talking about work, not about themselves.
_CLINICAL_OWNER = (
    r"(?:patients?|pts?|pt's|resident|residents|team|attending|fellow|fellows|intern|interns|"
    r"service|clinic|practice|unit|ward|colleague|colleagues|student|students|panel|census|"
    r"trainee|trainees|nurse|nurses|department|hospital)"
)
# "my mother has…", "my dad was diagnosed…", "my son takes…"
_RELATIVE_HEALTH = re.compile(
    rf"\b(?:my|our)\s+(?:(?!{_CLINICAL_OWNER}\b)[\w-]+\s+){{0,3}}{_RELATIVE}(?:'s)?\s+"
    r"(?:has|had|have|got|gets|just\s+got|was\s+(?:just\s+)?(?:diagnosed|told|admitted|"
    r"prescribed|started|put)|is\s+(?:on|taking|having|being|in\s+hospital|sick|ill)|"
    r"takes|took|keeps|developed|started|passed\s+out|fainted|fell|collapsed|"
    r"(?:can't|cannot|won't)\s+(?:stop|sleep|eat|breathe))\b",
    re.IGNORECASE,
)
# "should I stop my statin", "can I skip my insulin"
_SHOULD_I_MY = re.compile(
    r"\b(?:should|can|could|do)\s+i\s+(?:still\s+)?(?:stop|start|keep|continue|quit|take|"
    r"skip|double|halve|reduce|increase|lower|raise|switch|change|come\s+off|go\s+off|"
    rf"mix)\s+(?:taking\s+)?my\s+(?!{_CLINICAL_OWNER}\b)\w",
    re.IGNORECASE,
)
# "my doctor said…", "my GP prescribed…"
_MY_DOCTOR = re.compile(
    r"\bmy\s+(?:own\s+)?(?:doctor|doc|gp|pcp|physician|cardiologist|oncologist|surgeon|"
    r"neurologist|psychiatrist|pediatrician|paediatrician|gynecologist|gynaecologist|"
    r"endocrinologist|specialist|dermatologist|urologist)\s+(?:said|says|told|tells|wants|"
    r"prescribed|recommended|put\s+me|gave\s+me|thinks|doesn't|does\s+not|won't|didn't)\b",
    re.IGNORECASE,
)
# "I was diagnosed with…", "I've been prescribed…"
_I_DIAGNOSED = re.compile(
    r"\b(?:i\s+was|i've\s+been|i\s+have\s+been|i\s+just\s+got|i\s+got|i'm\s+being|"
    r"i\s+am\s+being)\s+(?:just\s+)?(?:diagnosed|prescribed|told\s+i\s+have)\b",
    re.IGNORECASE,
)
# "is it safe for me to…", "should I be worried about my results"
_FOR_ME = re.compile(
    r"\b(?:is\s+it\s+(?:safe|ok|okay|normal|dangerous|serious)\s+for\s+me|should\s+i\s+be\s+"
    r"(?:worried|concerned)|what\s+should\s+i\s+do\s+about\s+my|my\s+(?:symptoms|test\s+"
    r"results|lab\s+results|blood\s+work|bloodwork|biopsy\s+results?|scan\s+results?|"
    r"mri\s+results?|ct\s+results?|diagnosis|prescription|medications?|meds|pills)\b"
    r".{0,60}\?)",
    re.IGNORECASE,
)


def reads_like_patient(text: str) -> bool:
    """True when ``text`` reads like a patient or relative asking about their own care."""
    return any(
        rule.search(text)
        for rule in (_RELATIVE_HEALTH, _SHOULD_I_MY, _MY_DOCTOR, _I_DIAGNOSED, _FOR_ME)
    )
