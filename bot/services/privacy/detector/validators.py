"""Checksums and range rules that tell a real identifier from a look-alike number."""

from __future__ import annotations

_DIGITS = frozenset("0123456789")


def digits_of(value: str) -> str:
    """The ASCII digits of ``value`` in order (separators and letters dropped)."""
    return "".join(c for c in value if c in _DIGITS)


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def npi_ok(value: str) -> bool:
    """True for a valid US National Provider Identifier.

    An NPI is 10 digits starting with 1 or 2 whose Luhn check is computed over the
    number prefixed with 80840 (the US health-industry issuer prefix).
    """
    d = digits_of(value)
    return len(d) == 10 and d[0] in "12" and luhn_ok("80840" + d)


def ssn_ok(value: str) -> bool:
    """True when ``value`` has nine digits in the ranges the SSA ever issues.

    Area 000, 666 and 900-999, group 00 and serial 0000 are never assigned, so a
    number there is not an SSN (it may still be another identifier).
    """
    d = digits_of(value)
    if len(d) != 9:
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def nanp_ok(value: str) -> bool:
    """True for a plausible North American number (10 digits, or 11 with a leading 1).

    Area code and exchange cannot start with 0 or 1; that rule is what keeps NPIs
    (which start with 1 or 2 and are 10 digits) and most record numbers out.
    """
    d = digits_of(value)
    if len(d) == 11 and d[0] == "1":
        d = d[1:]
    if len(d) != 10:
        return False
    return d[0] not in "01" and d[3] not in "01" and d[1:3] != "11"


def ipv4_ok(value: str) -> bool:
    """True for a dotted quad with every part in 0-255 and no leading zeros."""
    host = value.split(":", 1)[0]
    parts = host.split(".")
    if len(parts) != 4:
        return False
    for p in parts:
        if not p.isdigit() or len(p) > 3 or (len(p) > 1 and p[0] == "0") or int(p) > 255:
            return False
    return True


def date_ok(month: int, day: int, year: int | None = None) -> bool:
    """True for a calendar-possible month/day (and year, when given)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if day > days:
        return False
    return year is None or 1850 <= year <= 2100 or 0 <= year <= 99


# Medicare Beneficiary Identifier letters: S, L, O, I, B and Z are never used.
_MBI_LETTERS = frozenset("ACDEFGHJKMNPQRTUVWXY")


def mbi_ok(value: str) -> bool:
    """True for the shape of a Medicare Beneficiary Identifier (CMS, 11 characters)."""
    s = value.replace("-", "").replace(" ", "").upper()
    if len(s) != 11:
        return False
    # position classes: N=1-9, A=letter, C=letter or digit, D=digit
    shape = "NACDACDAADD"
    for ch, cls in zip(s, shape, strict=True):
        if cls == "N" and not ("1" <= ch <= "9"):
            return False
        if cls == "D" and ch not in _DIGITS:
            return False
        if cls == "A" and ch not in _MBI_LETTERS:
            return False
        if cls == "C" and ch not in _DIGITS and ch not in _MBI_LETTERS:
            return False
    return True
