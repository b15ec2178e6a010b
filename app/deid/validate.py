"""Check digits and structure rules that tell a real identifier from a look-alike number.

Each function takes the candidate as written and returns True only when it
could be a valid identifier of that kind: NPI (Luhn over the ``80840`` health
prefix), DEA registration (weighted check digit), VIN (ISO 3779 check digit in
position 9) and SSN (area, group and serial structure).
"""

from __future__ import annotations


def luhn_ok(digits: str) -> bool:
    """Return True when ``digits`` passes the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def npi_ok(candidate: str) -> bool:
    """Return True for a 10-digit NPI (optionally with the 80840 prefix) whose check digit holds."""
    digits = candidate.replace(" ", "").replace("-", "")
    if digits.startswith("80840") and len(digits) == 15:
        digits = digits[5:]
    if len(digits) != 10 or not digits.isdigit() or digits[0] not in "12":
        return False
    return luhn_ok("80840" + digits)


def dea_ok(candidate: str) -> bool:
    """Return True for a DEA number: two letters, seven digits, valid check digit."""
    if len(candidate) != 9 or not candidate[2:].isdigit():
        return False
    first, second = candidate[0].upper(), candidate[1].upper()
    if first not in "ABCDEFGHJKLMPRSTUX" or not (second.isalpha() or second == "9"):
        return False
    d = [int(c) for c in candidate[2:]]
    check = (d[0] + d[2] + d[4]) + 2 * (d[1] + d[3] + d[5])
    return check % 10 == d[6]


_VIN_VALUES = {
    **{str(n): n for n in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_ok(candidate: str) -> bool:
    """Return True for a 17-character VIN whose ninth character is the right check digit."""
    vin = candidate.upper()
    if len(vin) != 17 or any(c not in _VIN_VALUES for c in vin):
        return False
    if not any(c.isalpha() for c in vin) or not any(c.isdigit() for c in vin):
        return False
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    expected = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == expected


def ssn_ok(candidate: str) -> bool:
    """Return True when ``candidate`` has SSN structure (area, group, serial rules)."""
    digits = "".join(c for c in candidate if c.isdigit())
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    return group != "00" and serial != "0000"
