"""Run the arms a set of claims needs, once per seed, each as one ``tools/train.py`` subprocess, a few at a
time; finished runs are kept across invocations, and a killed run's folder is started over.

Layout under ``out``: ``<arm>/seed<s>/`` (train.py's work_dir, with ``results.json``), ``<arm>/seed<s>.log``
(its stdout and stderr) and ``<arm>/seed<s>/ledger_run.json`` (the command, a digest of the config it read with
its ``_base_`` files merged, and its wall seconds, written when the run finished well: it marks the run done; an
edited config makes the run stale). An arm that starts from another (``Arm.start_from``) takes that arm's
``<arm>/seed<s>/`` first tasks and trains the rest; it runs after it, and goes stale with it.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Protocol, Sequence

from mmengine.config import Config

from ..errors import ConfigError
from ..fileio import atomic_write_json
from .claims import Arm, Claim, needed_arms, validate_table
from .verdict import arm_entry, judge_claim

__all__ = ['REPO_ROOT', 'RunRecord', 'Launcher', 'train_command', 'launch_train', 'run_arm', 'run_arms',
           'check_plan', 'run_ledger']

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS = 'results.json'
RUN_RECORD = 'ledger_run.json'


@dataclass(frozen=True)
class RunRecord:
    """One (arm, seed) run: where it wrote, how it ended, how long it took (``reused``: by an earlier
    invocation)."""
    arm: str
    seed: int
    work_dir: Path
    log: Path
    returncode: int
    seconds: float
    reused: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and (self.work_dir / RESULTS).is_file()

    def results(self) -> list:
        """The run's parsed results.json."""
        return json.loads((self.work_dir / RESULTS).read_text())


class Launcher(Protocol):
    def __call__(self, command: Sequence[str], *, log: Path, threads: int) -> int:
        """Run train.py with ``command`` (its argv, without the interpreter); return the exit code."""


def train_command(arm: Arm, seed: int, *, work_dir: Path, data_root: Path) -> list[str]:
    """train.py's argv for one seed of ``arm`` (the seed goes first, so an arm's own options win; an arm that
    starts from another takes the same seed's run of it, a sibling folder of ``work_dir``'s arm folder)."""
    start = [] if arm.start_from is None else [
        f'start_from.run={work_dir.parent.parent / arm.start_from / work_dir.name}',
        f'start_from.tasks={arm.start_tasks}']
    return ['tools/train.py', arm.config, '--work-dir', str(work_dir), '--data-root', str(data_root), *arm.args,
            '--cfg-options', f'randomness.seed={seed}', *start, *arm.options]


def config_digest(config: str) -> str:
    """sha256 of the merged config (the file and its ``_base_`` chain, as train.py reads it before options),
    without ``custom_imports`` (what is imported to register types, not what is trained)."""
    cfg = Config.fromfile(str(REPO_ROOT / config)).to_dict()
    cfg.pop('custom_imports', None)
    text = json.dumps(cfg, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def launch_train(command: Sequence[str], *, log: Path, threads: int) -> int:
    """Run train.py in the repo root with ``threads`` OpenMP threads, stdout and stderr to ``log``."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    with open(log, 'w') as f:
        return subprocess.run([sys.executable, *command], cwd=REPO_ROOT, env=env, stdout=f,
                              stderr=subprocess.STDOUT).returncode


def run_arm(arm: Arm, seed: int, *, out: Path, data_root: Path, threads: int,
            launcher: Launcher = launch_train) -> RunRecord:
    """Train one seed of ``arm`` unless an earlier invocation finished the same command; a folder left by a
    killed or different run is deleted first (train.py refuses a work_dir that holds a run)."""
    work_dir, log = out / arm.name / f'seed{seed}', out / arm.name / f'seed{seed}.log'
    command = train_command(arm, seed, work_dir=work_dir, data_root=data_root)
    digest = config_digest(arm.config)
    if arm.start_from is not None:  # stale when the run it starts from is (that run finished: run_arms)
        base = _record(out / arm.start_from / f'seed{seed}')
        digest = hashlib.sha256(f'{digest} {base and base.get("config_sha256")}'.encode()).hexdigest()
    earlier = _finished(work_dir, command, digest)
    if earlier is not None:
        print(f'ledger: {arm.name} seed {seed}: done earlier ({earlier["seconds"] / 60:.1f} min), kept', flush=True)
        return RunRecord(arm.name, seed, work_dir, log, 0, earlier['seconds'], reused=True)
    if work_dir.exists():
        shutil.rmtree(work_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    print(f'ledger: {arm.name} seed {seed}: training (about {arm.minutes:g} min), log {log}', flush=True)
    start = time.perf_counter()
    code = launcher(command, log=log, threads=threads)
    record = RunRecord(arm.name, seed, work_dir, log, code, time.perf_counter() - start)
    minutes = f'{record.seconds / 60:.1f} min'
    if record.ok:
        atomic_write_json(work_dir / RUN_RECORD, dict(arm=arm.name, seed=seed, command=command,
                                                      config_sha256=digest, seconds=record.seconds))
        print(f'ledger: {arm.name} seed {seed}: done in {minutes}', flush=True)
    else:
        why = f'exit {code}' if code else f'exit 0 without {RESULTS}'
        print(f'ledger: {arm.name} seed {seed}: FAILED ({why}) after {minutes}; see {log}', flush=True)
    return record


def _finished(work_dir: Path, command: Sequence[str], digest: str) -> Optional[dict]:
    """The run record of a finished run of ``command`` on the config with ``digest`` in ``work_dir``, else None."""
    record = _record(work_dir)
    if record is None or record.get('command') != list(command) or record.get('config_sha256') != digest:
        return None
    return {'seconds': 0.0, **record}


def _record(work_dir: Path) -> Optional[dict]:
    """The ledger_run.json of a run that finished well in ``work_dir``, else None."""
    marker = work_dir / RUN_RECORD
    if not (work_dir / RESULTS).is_file() or not marker.is_file():
        return None
    try:
        record = json.loads(marker.read_text())
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def run_arms(arms: Sequence[Arm], seeds: Sequence[int], *, out: Path, data_root: Path, jobs: int = 2,
             launcher: Launcher = launch_train) -> dict[tuple[str, int], RunRecord]:
    """Every seed of every arm, ``jobs`` at a time with ``cpu_count // jobs`` threads each, longest arms
    first, and an arm that starts from another after that one's run of the same seed (submitted after every
    arm it could wait for, so a waiting job never holds up its own base); a failed run does not stop the
    others, but fails the runs that start from it. Returns ``{(arm name, seed): record}``."""
    threads = max(1, (os.cpu_count() or 1) // jobs)
    order = sorted(((arm, seed) for arm in arms for seed in seeds),
                   key=lambda job: (job[0].start_from is not None, -job[0].minutes))
    futures: dict[tuple[str, int], Future] = {}

    def job(arm: Arm, seed: int) -> RunRecord:
        if arm.start_from is not None and not futures[arm.start_from, seed].result().ok:
            return _skipped(arm, seed, out)
        return run_arm(arm, seed, out=out, data_root=data_root, threads=threads, launcher=launcher)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for arm, seed in order:
            futures[arm.name, seed] = pool.submit(job, arm, seed)
    return {key: future.result() for key, future in futures.items()}


def _skipped(arm: Arm, seed: int, out: Path) -> RunRecord:
    """The record of a run not started because the run it starts from failed."""
    work_dir, log = out / arm.name / f'seed{seed}', out / arm.name / f'seed{seed}.log'
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f'not run: it starts from {arm.start_from} seed {seed}, which failed\n')
    print(f'ledger: {arm.name} seed {seed}: FAILED (not run: {arm.start_from} seed {seed} failed)', flush=True)
    return RunRecord(arm.name, seed, work_dir, log, 1, 0.0)


def run_ledger(claims: Sequence[Claim], arms: Mapping[str, Arm], seeds: Sequence[int], *, data_root: Path,
               out: Path, jobs: int = 2, command: str = '', data: Optional[Mapping[str, Any]] = None,
               launcher: Launcher = launch_train) -> dict:
    """Run what ``claims`` need and judge them; returns the ledger (``report.write_report`` writes it).

    Args:
        claims, arms: the table (``claims.CLAIMS`` / ``claims.ARMS`` for the tool).
        seeds: training seeds; every arm runs once per seed.
        data_root, out: the dataset every run trains on, and the folder of the runs.
        command, data: recorded as they are (the command line; what the data is, e.g. its SynthVOC seed).
        launcher: runs one train.py command (tests pass a fake).
    """
    check_plan(claims, arms, seeds, jobs=jobs)
    used = needed_arms(claims, arms)
    start = time.perf_counter()
    out, data_root = Path(out).absolute(), Path(data_root).absolute()
    runs = run_arms(used, seeds, out=out, data_root=data_root, jobs=jobs, launcher=launcher)
    judged = [judge_claim(claim, arms, runs, seeds) for claim in claims]
    return dict(command=command, data={**(data or {}), 'root': str(data_root)}, seeds=list(seeds),
                out=str(out), jobs=jobs, wall_seconds=time.perf_counter() - start, claims=judged,
                arms={arm.name: arm_entry(arm, [runs[arm.name, seed] for seed in seeds]) for arm in used},
                failed=any(claim['failures'] for claim in judged))


def check_plan(claims: Sequence[Claim], arms: Mapping[str, Arm], seeds: Sequence[int], *, jobs: int) -> None:
    """Raise ConfigError before anything runs: an inconsistent table, no or repeated seeds, ``jobs`` below 1,
    an arm config that does not exist (paths relative to the repo root)."""
    validate_table(claims, arms)
    if not seeds or len(set(seeds)) != len(seeds):
        raise ConfigError(f'--seeds must name at least one seed, each once; got {list(seeds)}')
    if jobs < 1:
        raise ConfigError(f'--jobs must be at least 1, got {jobs}')
    missing = [f"'{arm.name}': {arm.config}" for arm in needed_arms(claims, arms)
               if not (REPO_ROOT / arm.config).is_file()]
    if missing:
        raise ConfigError(f'ledger arm config(s) not found (paths are relative to {REPO_ROOT}): '
                          + ', '.join(missing))
