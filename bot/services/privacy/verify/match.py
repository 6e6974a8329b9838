"""Does the registry's name match the member's profile, and which specialty does the primary
taxonomy code give? Pure functions."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["names_match", "specialty_of"]

_HONORIFICS = frozenset(
    [
        "dr",
        "doctor",
        "prof",
        "professor",
        "md",
        "do",
        "mbbs",
        "mbchb",
        "phd",
        "mph",
        "ms",
        "msc",
        "facc",
        "facp",
        "facs",
        "frcp",
        "frcpc",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
    ]
)

# Common physician taxonomy codes (NUCC) to the specialty names groups use in Rounds.
_TAXONOMY: dict[str, str] = {
    "207K00000X": "allergy-immunology",
    "207L00000X": "anesthesiology",
    "207RC0000X": "cardiology",
    "207RI0011X": "interventional-cardiology",
    "207RE0101X": "endocrinology",
    "207RG0100X": "gastroenterology",
    "207RH0003X": "hematology-oncology",
    "207RX0202X": "oncology",
    "207RI0200X": "infectious-disease",
    "207RN0300X": "nephrology",
    "207RP1001X": "pulmonology",
    "207RC0200X": "critical-care",
    "207RR0500X": "rheumatology",
    "207RG0300X": "geriatrics",
    "207R00000X": "internal-medicine",
    "207Q00000X": "family-medicine",
    "207P00000X": "emergency-medicine",
    "207N00000X": "dermatology",
    "207V00000X": "obstetrics-gynecology",
    "207W00000X": "ophthalmology",
    "207X00000X": "orthopedics",
    "207Y00000X": "otolaryngology",
    "208000000X": "pediatrics",
    "2084N0400X": "neurology",
    "2084P0800X": "psychiatry",
    "2085R0202X": "radiology",
    "208600000X": "surgery",
    "208800000X": "urology",
    "208100000X": "physical-medicine",
    "207ZP0102X": "pathology",
}


def _tokens(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return [t for t in re.split(r"[^a-z]+", plain) if t and t not in _HONORIFICS]


def names_match(profile_name: str, first_name: str, last_name: str) -> bool:
    """Whether the registry's first and last names are in the profile's name (accents, case,
    hyphens, middle names and titles aside; a first initial counts for a first name)."""
    mine = _tokens(profile_name)
    last, first = _tokens(last_name), _tokens(first_name)
    if not mine or not last or not first:
        return False
    if not all(t in mine for t in last):
        return False
    given = [t for t in mine if t not in last]
    return first[0] in given or any(len(t) == 1 and t == first[0][0] for t in given)


def specialty_of(code: str | None, desc: str | None) -> str | None:
    """The specialty a taxonomy sets: a known code, else a slug of the description's most
    specific part ("Internal Medicine, Sleep Medicine" → "sleep-medicine")."""
    if code and code.upper() in _TAXONOMY:
        return _TAXONOMY[code.upper()]
    if not desc:
        return None
    words = _tokens(desc.rsplit(",", 1)[-1])
    slug = "-".join(words)[:40].strip("-")
    return slug or None
