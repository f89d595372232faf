"""What the ledger checks: arms (a config trained once per seed) and claims (paper statements that compare two
arms' metrics), and the checks a table of them must pass (the table itself: ``table.py``)."""
import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

from ..errors import ConfigError

__all__ = ['Arm', 'Side', 'Claim', 'index_arms', 'validate_table', 'select_claims',
           'needed_arms']


@dataclass(frozen=True)
class Arm:
    """One training setup, run once per seed by ``tools/train.py``.

    Args:
        name: short id the claims refer to.
        config: config path, relative to the repo root (or absolute).
        options: ``--cfg-options`` items, e.g. ``'train_cfg.max_iters=200'``.
        args: extra train.py flags, e.g. ``('--amp',)``.
        minutes: rough wall time of one run; only orders the runs (longest first).
        start_from: another arm whose first ``start_tasks`` tasks each seed's run takes over instead of training
            them (the config's ``start_from``; the runs of one seed then share those tasks, as MiB's and PLOP's
            scripts share a step-0 checkpoint). That arm runs first; it may not start from a third.
    """
    name: str
    config: str
    options: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    minutes: float = 1.0
    start_from: Optional[str] = None
    start_tasks: int = 1


@dataclass(frozen=True)
class Side:
    """One side of a claim: a metric path into an arm's ``results.json`` (see ``resolve_metric``), times
    ``scale``."""
    arm: str
    metric: str
    scale: float = 1.0


@dataclass(frozen=True)
class Claim:
    """A paper's statement that ``lhs`` is greater than ``rhs``: per seed
    ``d = lhs.scale * lhs - rhs.scale * rhs + offset`` should be positive beyond noise (see ``stats``). For
    "lower is better" the author swaps the sides; ``scale`` and ``offset`` state "at least x times" or "by at
    least y points"."""
    name: str
    paper: str
    statement: str
    lhs: Side
    rhs: Side
    offset: float = 0.0
    note: str = ''

    @property
    def paired(self) -> bool:
        """Both sides come from the same runs (one arm, the same seeds)."""
        return self.lhs.arm == self.rhs.arm

    @property
    def arm_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.lhs.arm, self.rhs.arm)))


def index_arms(arms: Iterable[Arm]) -> dict[str, Arm]:
    """``{arm.name: arm}``; two arms with one name are an error."""
    table: dict[str, Arm] = {}
    for arm in arms:
        if arm.name in table:
            raise ConfigError(f"two ledger arms are named '{arm.name}': arm names must be unique")
        table[arm.name] = arm
    return table


def validate_table(claims: Sequence[Claim], arms: Mapping[str, Arm]) -> None:
    """Raise one ConfigError listing every problem: duplicate claim names, sides naming unknown arms, arms
    filed under another name, scales or offsets that are not finite numbers."""
    problems = [f"arm '{arm.name}' is filed under '{key}'" for key, arm in arms.items() if key != arm.name]
    for arm in arms.values():
        base = arms.get(arm.start_from) if arm.start_from else None
        if arm.start_from and base is None:
            problems.append(f"arm '{arm.name}' starts from unknown arm '{arm.start_from}'")
        elif base is not None and base.start_from:
            problems.append(f"arm '{arm.name}' starts from '{base.name}', which itself starts from another arm")
    seen: set[str] = set()
    for claim in claims:
        if claim.name in seen:
            problems.append(f"claim name '{claim.name}' is used twice")
        seen.add(claim.name)
        for label, side in (('lhs', claim.lhs), ('rhs', claim.rhs)):
            if side.arm not in arms:
                problems.append(f"claim '{claim.name}' {label} names unknown arm '{side.arm}'")
        if not all(math.isfinite(v) for v in (claim.lhs.scale, claim.rhs.scale, claim.offset)):
            problems.append(f"claim '{claim.name}' has a scale or offset that is not a finite number")
    if problems:
        raise ConfigError('the ledger table is inconsistent: ' + '; '.join(problems)
                          + f'. Known arms: {sorted(arms)}')


def select_claims(claims: Sequence[Claim], only: Optional[Sequence[str]]) -> list[Claim]:
    """The claims named in ``only`` (exact names or prefixes: 'wilson' selects every 'wilson*' claim), in table
    order; all of them when ``only`` is empty. Names that match nothing are one error listing the claims."""
    if not only:
        return list(claims)
    unknown = [token for token in only if not any(c.name.startswith(token) for c in claims)]
    if unknown:
        raise ConfigError(f'--only {unknown} matches no claim (by name or prefix). Claims: '
                          f'{[c.name for c in claims]}')
    return [c for c in claims if any(c.name.startswith(token) for token in only)]


def needed_arms(claims: Sequence[Claim], arms: Mapping[str, Arm]) -> list[Arm]:
    """The arms the claims use, each once, in order of first use, each after the arm it starts from."""
    names = dict.fromkeys(name for claim in claims for name in claim.arm_names)
    ordered = dict.fromkeys(used for name in names for used in (arms[name].start_from, name) if used)
    return [arms[name] for name in ordered]
