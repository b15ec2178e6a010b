"""Intervals and paired comparisons for evaluation figures, with no dependency beyond the stdlib.

* :func:`wilson` — the Wilson score interval for a proportion (accuracy,
  top-k): well behaved at 0, 1 and small n, unlike the normal approximation.
* :func:`bootstrap_mean` — a percentile bootstrap interval for a mean of
  per-item scores (HealthBench rubric scores).
* :func:`paired` — the difference between two models on the same items, with
  a paired bootstrap interval and McNemar's exact test on the discordant pairs.

Bootstraps use a seeded generator, so a report is reproducible.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
BOOTSTRAP_SAMPLES = 2000


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson 95% interval for ``successes`` out of ``n`` ((0, 1) when n is 0)."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0 or n the bound is exactly 0 or 1; rounding would leave it 1e-17 off.
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return (low, high)


def bootstrap_mean(
    values: Sequence[float], seed: int = 0, samples: int = BOOTSTRAP_SAMPLES
) -> tuple[float, float]:
    """Return a percentile bootstrap 95% interval for the mean of ``values``."""
    if not values:
        return (0.0, 1.0)
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(samples))
    return (means[int(0.025 * samples)], means[min(samples - 1, int(0.975 * samples))])


@dataclass(frozen=True)
class PairedDifference:
    """Model B minus model A on the items both answered.

    Attributes:
        n: Items compared.
        difference: Mean of B's scores minus mean of A's.
        ci95: Paired bootstrap interval of the difference.
        only_a: Items A got right and B wrong (binary scores).
        only_b: Items B got right and A wrong.
        p_value: McNemar's exact two-sided p on the discordant pairs (binary
            scores), else None.
    """

    n: int
    difference: float
    ci95: tuple[float, float]
    only_a: int
    only_b: int
    p_value: float | None


def paired(a: Sequence[float], b: Sequence[float], seed: int = 0) -> PairedDifference:
    """Compare two models' per-item scores (same items, same order)."""
    if len(a) != len(b):
        raise ValueError("paired scores must cover the same items")
    n = len(a)
    diffs = [y - x for x, y in zip(a, b, strict=True)]
    mean = sum(diffs) / n if n else 0.0
    binary = all(v in (0.0, 1.0) for v in (*a, *b))
    only_a = sum(1 for x, y in zip(a, b, strict=True) if x > y)
    only_b = sum(1 for x, y in zip(a, b, strict=True) if y > x)
    p_value = mcnemar_exact(only_a, only_b) if binary else None
    interval = bootstrap_mean(diffs, seed) if n else (0.0, 0.0)
    return PairedDifference(n, mean, interval, only_a, only_b, p_value)


def mcnemar_exact(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value (a binomial test on the discordant pairs)."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    k = min(only_a, only_b)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def median(values: Sequence[float]) -> float:
    """The median (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
