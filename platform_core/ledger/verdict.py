"""A claim's verdict from its arms' runs: the metric per seed on each side, their mean and std, the difference
with its standard error, whether it holds, and what failed. Entries are plain JSON-ready dicts (the ledger)."""
from typing import TYPE_CHECKING, Mapping, Optional, Sequence

from ..errors import ConfigError
from .claims import Arm, Claim, Side
from .metric_path import resolve_metric
from .stats import difference, summarize

if TYPE_CHECKING:  # runner imports this module
    from .runner import RunRecord

__all__ = ['judge_claim', 'arm_entry']


def judge_claim(claim: Claim, arms: Mapping[str, Arm], runs: Mapping[tuple[str, int], 'RunRecord'],
                seeds: Sequence[int]) -> dict:
    """The ledger entry of ``claim``; with any failed run or unreadable metric its difference and verdict are
    None and ``failures`` says why (``'failed: see <log>'``)."""
    failures: list[str] = []
    lhs = side_entry(claim.lhs, runs, seeds, failures)
    rhs = side_entry(claim.rhs, runs, seeds, failures)
    diff = None
    if not failures:
        diff = difference([claim.lhs.scale * v for v in lhs['values']], rhs['values'], paired=claim.paired,
                          scale=claim.rhs.scale, offset=claim.offset)
    return dict(name=claim.name, paper=claim.paper, statement=claim.statement, note=claim.note,
                paired=claim.paired, offset=claim.offset,
                arms={name: _arm_setup(arms[name]) for name in claim.arm_names},
                lhs=lhs, rhs=rhs, difference=diff, holds=None if diff is None else diff['holds'],
                failures=failures)


def side_entry(side: Side, runs: Mapping[tuple[str, int], 'RunRecord'], seeds: Sequence[int],
               failures: list[str]) -> dict:
    """One side's value per seed (None where the run or the metric failed; the reason goes to ``failures``),
    with the mean and std of those it has."""
    values = [_value(side, runs[side.arm, seed], failures) for seed in seeds]
    present = [v for v in values if v is not None]
    mean, std = summarize(present) if present else (None, None)
    return dict(arm=side.arm, metric=side.metric, scale=side.scale, seeds=list(seeds), values=values, mean=mean,
                std=std)


def _value(side: Side, run: 'RunRecord', failures: list[str]) -> Optional[float]:
    if not run.ok:
        _add(failures, f'failed: see {run.log}')
        return None
    try:
        return resolve_metric(run.results(), side.metric)
    except ConfigError as exc:
        _add(failures, f'failed: {side.arm} seed {run.seed}: {exc}')
        return None


def _add(failures: list[str], reason: str) -> None:
    if reason not in failures:  # a paired claim reads each run twice
        failures.append(reason)


def _arm_setup(arm: Arm) -> dict:
    return dict(config=arm.config, options=list(arm.options), args=list(arm.args))


def arm_entry(arm: Arm, records: Sequence['RunRecord']) -> dict:
    """An arm's setup and how each of its runs went."""
    runs = [dict(seed=r.seed, ok=r.ok, returncode=r.returncode, seconds=r.seconds, reused=r.reused, log=str(r.log),
                 work_dir=str(r.work_dir)) for r in records]
    return dict(_arm_setup(arm), minutes_estimate=arm.minutes, runs=runs)
