"""The bundled sample cases are de-identified: the PHI guard finds nothing in them.

If the guard flagged a sample, the demo would open with a blocked send.
"""

from __future__ import annotations

import pytest
from curbside.chat.samples import list_samples
from curbside.privacy.case_check import case_phi_categories


@pytest.mark.parametrize("sample", list_samples(), ids=lambda s: s.id)
def test_sample_case_raises_no_phi_finding(sample) -> None:
    assert case_phi_categories(sample.case) == []
