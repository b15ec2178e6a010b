"""The bundled sample cases are de-identified: the PHI guard finds nothing in them.

If the guard flagged a sample, the demo would open with a blocked send.
"""

from __future__ import annotations

import pytest

from app.case_phi import case_phi_categories
from app.samples import list_samples


@pytest.mark.parametrize("sample", list_samples(), ids=lambda s: s.id)
def test_sample_case_raises_no_phi_finding(sample) -> None:
    assert case_phi_categories(sample.case) == []
