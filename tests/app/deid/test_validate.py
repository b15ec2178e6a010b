"""Check-digit and structure rules, one row per number."""

from __future__ import annotations

import pytest
from curbside.deid.validate import dea_ok, luhn_ok, npi_ok, ssn_ok, vin_ok

ROWS = [
    (npi_ok, "1234567893", True),
    (npi_ok, "808401234567893", True),
    (npi_ok, "1234567890", False),
    (npi_ok, "3234567893", False),
    (dea_ok, "AB1234563", True),
    (dea_ok, "BN7971143", True),
    (dea_ok, "AB1234564", False),
    (dea_ok, "AB123456", False),
    (vin_ok, "1M8GDM9AXKP042788", True),
    (vin_ok, "1HGCM82633A004352", True),
    (vin_ok, "1M8GDM9AXKP042789", False),
    (vin_ok, "12345678901234567", False),
    (ssn_ok, "123-45-6789", True),
    (ssn_ok, "000-45-6789", False),
    (ssn_ok, "666-45-6789", False),
    (ssn_ok, "912-45-6789", False),
    (ssn_ok, "123-00-6789", False),
    (ssn_ok, "123-45-0000", False),
    (luhn_ok, "79927398713", True),
    (luhn_ok, "79927398710", False),
]


@pytest.mark.parametrize(("check", "value", "expected"), ROWS, ids=[r[1] for r in ROWS])
def test_check(check: object, value: str, expected: bool) -> None:
    assert check(value) is expected  # type: ignore[operator]
