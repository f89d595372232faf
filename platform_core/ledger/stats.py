"""The ledger's statistics over seeds: mean and sample std of one side, and whether a claim's difference is
larger than its noise.

A claim holds when the mean difference ``d = lhs - scale * rhs + offset`` is positive and larger than twice
its standard error. Paired (both sides from one arm's runs, seed by seed): ``se = std(d) / sqrt(n)``.
Unpaired (two arms): Welch's ``se = sqrt(var_l / n_l + scale**2 * var_r / n_r)``. With fewer than two seeds on
a side there is no standard error, and the verdict is None, never True.
"""
import math
from typing import NamedTuple, Optional, Sequence

__all__ = ['Summary', 'summarize', 'difference']


class Summary(NamedTuple):
    mean: float
    std: float  # sample std (ddof=1); 0.0 for one value


def summarize(values: Sequence[float]) -> Summary:
    """Mean and sample standard deviation (ddof=1) of ``values``; std 0.0 for a single value."""
    if not values:
        raise ValueError('summarize() needs at least one value')
    n = len(values)
    mean = math.fsum(values) / n
    if n == 1:
        return Summary(mean, 0.0)
    return Summary(mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1)))


def difference(lhs_values: Sequence[float], rhs_values: Sequence[float], *, paired: bool, scale: float = 1.0,
               offset: float = 0.0) -> dict:
    """Mean and standard error of ``lhs - scale * rhs + offset`` over seeds, and whether it holds.

    Args:
        lhs_values, rhs_values: one value per seed; when ``paired`` the i-th values come from the same run.
        paired: per-seed differences (one arm) instead of Welch's two-sample error (two arms).

    Returns:
        ``dict(mean=..., se=..., holds=...)``: ``holds`` is ``mean > 2 * se`` (so a zero difference never
        holds), or None and ``se`` None with fewer than two values on a side.
    """
    if paired:
        if len(lhs_values) != len(rhs_values):
            raise ValueError(f'a paired difference needs as many lhs as rhs values, got {len(lhs_values)} and '
                             f'{len(rhs_values)}')
        per_seed = [lhs - scale * rhs + offset for lhs, rhs in zip(lhs_values, rhs_values)]
        mean, std = summarize(per_seed)
        se = std / math.sqrt(len(per_seed)) if len(per_seed) >= 2 else None
    else:
        (mean_l, std_l), (mean_r, std_r) = summarize(lhs_values), summarize(rhs_values)
        mean = mean_l - scale * mean_r + offset
        se = _welch_se(std_l, len(lhs_values), scale * std_r, len(rhs_values))
    return dict(mean=mean, se=se, holds=None if se is None else bool(mean > 2 * se))


def _welch_se(std_l: float, n_l: int, std_r: float, n_r: int) -> Optional[float]:
    """Standard error of a difference of two independent means; None below two values a side."""
    if min(n_l, n_r) < 2:
        return None
    return math.sqrt(std_l ** 2 / n_l + std_r ** 2 / n_r)
