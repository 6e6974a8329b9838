"""The NPI check digit: Luhn over the prefix 80840 and the first nine digits."""

from __future__ import annotations

__all__ = ["npi_valid"]


def npi_valid(npi: str) -> bool:
    """Whether ``npi`` is ten digits whose last one is the right check digit."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    digits = [int(d) for d in "80840" + npi[:9]]
    total = 0
    # Double every second digit from the right of the payload (the check digit is appended).
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(npi[9])
