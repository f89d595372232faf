"""Start a run from the finished first tasks of another run, as MiB's and PLOP's scripts start a step from a
given step-0 checkpoint (``--step_ckpt``)::

    start_from = dict(run='work_dirs/finetune-15-5', tasks=1)

copies tasks ``0 .. tasks-1`` of that run (their folders, checkpoints and results entries) into this run, which
then trains from task ``tasks`` on. A copied task must have been set up exactly as this run's task of the same
index: the scenario's overrides for it (classes, training data and labels, length, evaluation) hash alike
(``setup_sha256`` in each results entry). The method may differ, so the distillation methods of one setting can
share one base step; their next step loads the copied checkpoint and checks that it fits the model.
"""
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import ConfigError
from ..fileio import atomic_write_text
from .layout import RunLayout

__all__ = ['setup_digest', 'start_from_options', 'adopt_tasks', 'matching_entries', 'copy_tasks']

SETUP_KEY = 'setup_sha256'


def setup_digest(overrides: Mapping[str, Any]) -> str:
    """sha256 of a task's scenario overrides (what it trains on, for how long, and how it is evaluated)."""
    return hashlib.sha256(json.dumps(overrides, sort_keys=True, default=repr).encode()).hexdigest()


def start_from_options(cfg: Any, num_tasks: int) -> tuple[Path, int]:
    """The config's ``start_from``: the source run's folder and how many of its tasks to take (1..num_tasks-1)."""
    opts = dict(cfg.start_from)
    unknown = set(opts) - {'run', 'tasks'}
    if unknown or not opts.get('run'):
        raise ConfigError(f'start_from = {opts}: expected dict(run=FOLDER OF A FINISHED RUN, tasks=N)'
                          + (f'; unknown keys {sorted(unknown)}' if unknown else ''))
    tasks = opts.get('tasks', 1)
    if isinstance(tasks, bool) or not isinstance(tasks, int) or not 1 <= tasks < num_tasks:
        raise ConfigError(f'start_from.tasks = {tasks!r}: this scenario has {num_tasks} task(s); take 1 to '
                          f'{num_tasks - 1} of them from the other run, so that at least one is trained here.')
    return Path(opts['run']), tasks


def adopt_tasks(source: Path, layout: RunLayout, digests: Sequence[str], own: Sequence[dict]) -> list[dict]:
    """Copy the first ``len(digests)`` tasks of the run in ``source`` into ``layout``; return their results
    entries, pointing at the copied checkpoints and describing this run's tasks. ``digests``, ``own``: this run's
    :func:`setup_digest` and ``Task.as_dict()`` of each of those tasks."""
    return copy_tasks(matching_entries(source, digests), source, layout, own)


def matching_entries(source: Path, digests: Sequence[str]) -> list[dict]:
    """The source run's first ``len(digests)`` entries, each set up as this run's task of that index (every
    process checks, so that a refusal stops them all)."""
    entries = _finished_entries(source, len(digests))
    for index, (entry, digest) in enumerate(zip(entries, digests)):
        if entry.get(SETUP_KEY) != digest:
            raise ConfigError(f'start_from: task {index} of {source} was not set up as this run\'s task {index} '
                              '(other classes, data, length or evaluation, or a run from before setups were '
                              'recorded): a copied task must be the one this config would train. Start from a run '
                              'of the same setting and data.')
    return entries


def copy_tasks(entries: Sequence[dict], source: Path, layout: RunLayout, own: Sequence[dict]) -> list[dict]:
    """Copy the tasks of ``entries`` from ``source`` into ``layout`` (main process); return the new entries."""
    adopted = []
    for index, entry in enumerate(entries):
        target = layout.task_dir(index)
        shutil.copytree(RunLayout(source).task_dir(index), target, dirs_exist_ok=True)
        checkpoint = None  # a task that trained nothing (AE-PSL's rounds after the erasing stopped) has none
        if entry.get('checkpoint'):
            checkpoint = str((target / Path(entry['checkpoint']).name).absolute())
            atomic_write_text(target / 'last_checkpoint', checkpoint)
        adopted.append({**entry, 'task': own[index], 'checkpoint': checkpoint, 'copied_from': str(source.absolute())})
    return adopted


def _finished_entries(source: Path, tasks: int) -> list[dict]:
    """The source run's first ``tasks`` results entries, each with its checkpoint (if it has one) on disk."""
    state = RunLayout(source).state_file
    if not state.is_file():
        raise ConfigError(f'start_from.run = {source}: no {state.name} there, so no finished task to start from. '
                          'Name the work dir of a run whose first tasks have finished.')
    completed = json.loads(state.read_text()).get('completed', [])
    if len(completed) < tasks:
        raise ConfigError(f'start_from: {source} has finished {len(completed)} task(s), fewer than the '
                          f'{tasks} asked (start_from.tasks). Let that run finish them first.')
    entries = completed[:tasks]
    # an entry without a checkpoint is a task that trained nothing (AE-PSL's rounds after the erasing stopped)
    missing = [e['checkpoint'] for e in entries if e.get('checkpoint') and not Path(e['checkpoint']).is_file()]
    if missing:
        raise ConfigError(f'start_from: {source} lists checkpoints that are not there: {missing}. The run was '
                          'moved or pruned; start from a complete run.')
    return entries
