"""ContinualRunner: one mmengine Runner per task of the scenario, with plugins taking part."""
import copy
import itertools
import os
import time
from pathlib import Path
from typing import Any, Optional, Sequence

from mmengine.config import Config
from mmengine.hooks import CheckpointHook

from ..dist import barrier, is_main_process
from ..errors import CheckpointError, ConfigError
from ..config import flip_tta
from ..evaluation.html_report import render_html
from ..fileio import atomic_write_json, atomic_write_text, remove_stale_temps
from ..models import attach_plugins
from ..plugin_manager import build_plugin_manager, check_config_types, collect_by_plugin, supervision_check
from ..registry import SCENARIOS
from ..scenario import Scenario, Task
from .checkpoint_hook import AtomicCheckpointHook
from .eval_scalars import EvalScalarWriter
from .finite_loss import FiniteLossHook
from .layout import RunLayout
from .overlay_hook import PredictionOverlayHook
from .rng_state import RestoreRngHook
from .run_checks import check_batch_sizes, check_checkpoint_fits, check_train_length
from .runner import ClsegRunner
from .start_from import SETUP_KEY, copy_tasks, matching_entries, setup_digest, start_from_options
from .state import RunState, to_jsonable

__all__ = ['ContinualRunner', 'merge_contributions']

_run_counter = itertools.count()
# Hooks every task's runner has: stop on a non-finite loss; resume with the checkpoint's random-number state.
RUN_HOOKS = (FiniteLossHook, RestoreRngHook)


class ContinualRunner:
    """Run every task of the config's scenario, writing the run's folder (:class:`RunLayout`: ``task_<t>/``,
    ``state.json``, ``results.json``, ``results.md``; atomically, on the main process).

    Args:
        cfg: the run's config; needs ``work_dir``, ``scenario`` and ``plugins``; ``start_from`` (optional)
            takes the first tasks from another run (:mod:`.start_from`).
        resume: continue the run in ``work_dir`` at the task and iteration where it stopped.
    """

    def __init__(self, cfg: Config, *, resume: bool = False) -> None:
        if not cfg.get('work_dir'):
            raise ConfigError('`work_dir` is not set: pass --work-dir or set it in the config.')
        if 'scenario' not in cfg:
            raise ConfigError("the config has no `scenario`; add e.g. scenario = dict(type='Joint', ...).")
        self.cfg = cfg
        self.work_dir = Path(cfg.work_dir)
        self.layout = RunLayout(self.work_dir)
        blocking = next((p for p in (self.work_dir, *self.work_dir.parents) if p.exists()), None)
        if blocking is not None and not blocking.is_dir():
            raise ConfigError(f'work_dir {self.work_dir}: {blocking} is a file, so the folder cannot be made there. '
                              'Pass another --work-dir.')
        self.resume = resume
        self.pm = build_plugin_manager(cfg.get('plugins', []))
        check_config_types(cfg, self.pm)
        self.scenario: Scenario = SCENARIOS.build(copy.deepcopy(cfg.scenario))
        self.tasks = [self.scenario.task(t) for t in range(self.scenario.num_tasks)]
        supervision_check(self.pm, {task.supervision for task in self.tasks})
        self.setups: dict[int, str] = {}  # task index -> setup_digest of its scenario overrides

    def run(self) -> list[dict]:
        """Train and evaluate every remaining task; return the per-task results."""
        if self.resume:
            self._refuse_empty_resume()
            if is_main_process():
                remove_stale_temps(self.work_dir)  # of writes a kill interrupted
        else:
            self._refuse_earlier_run()
        state = self._initial_state()
        scalars = EvalScalarWriter(self.cfg, self.layout) if is_main_process() else None
        try:
            if not self.resume and self.cfg.get('start_from'):
                self._start_from(state, scalars)
            for task in self.tasks[state.next_task:]:
                entry = self.run_task(task, resume=self.resume and self._has_checkpoint(task),
                                      earlier=state.completed)
                state.completed.append(entry)
                self._save(state, [entry], scalars)
        finally:
            if scalars is not None:
                scalars.close()
        return state.completed

    def _start_from(self, state: RunState, scalars: Optional[EvalScalarWriter]) -> None:
        """Take the first tasks of the run ``start_from.run`` names (copied on the main process)."""
        source, tasks = start_from_options(self.cfg, len(self.tasks))
        digests = [self._apply_scenario(copy.deepcopy(self.cfg), task) for task in self.tasks[:tasks]]
        entries = matching_entries(source, digests)  # on every process: a refusal stops them all
        if is_main_process():
            state.completed = copy_tasks(entries, source, self.layout, [t.as_dict() for t in self.tasks[:tasks]])
            self._save(state, state.completed, scalars)
        barrier()
        state.completed = self._initial_state(saved=True).completed

    def _save(self, state: RunState, new: Sequence[dict], scalars: Optional[EvalScalarWriter]) -> None:
        """state.json, results.json, results.md, and the ``new`` entries' scalars (main process)."""
        if is_main_process():
            state.save(self.work_dir)
            atomic_write_json(self.layout.results_json, state.completed)
            self._write_report(state.completed)
            for entry in new:
                scalars.write(entry)

    def run_task(self, task: Task, *, resume: bool = False, earlier: Sequence[dict] = ()) -> dict:
        """Build the task's Runner, train it, evaluate it; return its results entry (``earlier``: the entries
        of the tasks before it, for the plugins)."""
        cfg = self.task_config(task, resume=resume)
        if task.index == len(self.tasks) - 1 and task.evaluate:  # the run's figure of its last task (not test.py's)
            cfg.custom_hooks.append(dict(type=PredictionOverlayHook.__name__, path=str(self.layout.predictions_png)))
        check_batch_sizes(cfg)
        if cfg.get('train_dataloader') is not None:
            check_train_length(cfg.get('train_cfg'), f'task {task.index} ({task.name})')
        runner = ClsegRunner.from_cfg(cfg)
        attach_plugins(runner.model, self.pm)
        if runner.cfg.get("train_dataloader") is not None:
            runner.train()
        metrics = to_jsonable(runner.test()) if task.evaluate else {}
        runner.release_dataloaders()
        extras = collect_by_plugin(self.pm, 'clseg_after_task', task=task, metrics=metrics,
                                   task_dir=runner.work_dir, results=list(earlier), layout=self.layout)
        return dict(task=task.as_dict(), metrics=metrics, checkpoint=self.layout.latest_checkpoint(task.index),
                    plugins=to_jsonable(extras), **{SETUP_KEY: self.setups[task.index]})

    def task_config(self, task: Task, *, resume: bool = False, load_from: Optional[str] = None) -> Config:
        """The base config + the scenario's and every plugin's overrides for ``task``. Plugins see ``resume``
        and ``load_from`` (a checkpoint of this task to evaluate) in ``cfg``."""
        cfg = copy.deepcopy(self.cfg)
        cfg.resume = resume
        if load_from is not None:
            cfg.load_from = load_from
        self.setups[task.index] = self._apply_scenario(cfg, task)
        contributions = collect_by_plugin(self.pm, 'clseg_configure_task', cfg=cfg, task=task, layout=self.layout)
        cfg.merge_from_dict(merge_contributions(contributions))
        if load_from is not None:  # the checkpoint asked for, whatever a plugin would start the task from
            cfg.load_from = load_from
        cfg.work_dir = str(self.layout.task_dir(task.index))
        cfg.experiment_name = f'task{task.index}_{time.strftime("%Y%m%d_%H%M%S")}_{os.getpid()}_{next(_run_counter)}'
        checkpoint = cfg.get('default_hooks', {}).get('checkpoint')
        if checkpoint and checkpoint.get('type') in ('CheckpointHook', CheckpointHook):
            checkpoint['type'] = AtomicCheckpointHook.__name__
        present = {hook.get('type') for hook in cfg.get('custom_hooks', [])}
        cfg.custom_hooks = [*cfg.get('custom_hooks', []), *(dict(type=hook.__name__) for hook in RUN_HOOKS
                                                              if hook.__name__ not in present)]
        if cfg.get('launcher', 'none') != 'none' and cfg.get('model_wrapper_cfg') is None:
            cfg.model_wrapper_cfg = dict(type='CPUCompatibleDDP', broadcast_buffers=False,
                                         find_unused_parameters=cfg.get('find_unused_parameters', False))
        return cfg

    def _apply_scenario(self, cfg: Config, task: Task) -> str:
        """Merge the scenario's overrides for ``task`` into ``cfg``; return their :func:`setup_digest`."""
        overrides = self.scenario.configure(cfg, task)
        cfg.merge_from_dict(overrides)
        return setup_digest(overrides)

    def test(self, checkpoint: str, task_index: int = -1, tta: bool = False) -> dict:
        """Evaluate ``checkpoint`` on task ``task_index``'s evaluation set (the last task by default); ``tta``:
        with mmseg's flip test-time augmentation (:func:`platform_core.config.flip_tta`)."""
        if not -len(self.tasks) <= task_index < len(self.tasks):
            raise ConfigError(f'--task {task_index}: this config\'s scenario has {len(self.tasks)} task(s), '
                              f'0..{len(self.tasks) - 1} (negative counts from the last).')
        if not Path(checkpoint).is_file():  # before the test runner writes its folder
            raise CheckpointError(f'checkpoint {checkpoint} not found: pass a file a run wrote (its '
                                  'task_<t>/last_checkpoint names the latest of task t).')
        task = self.tasks[task_index]
        cfg = self.task_config(task, load_from=checkpoint)
        cfg.work_dir = str(self.layout.test_dir(task.index))
        if tta:
            flip_tta(cfg)
        runner = ClsegRunner.from_cfg(cfg)
        attach_plugins(runner.model, self.pm)
        check_checkpoint_fits(runner.model, checkpoint)
        return to_jsonable(runner.test())

    def _initial_state(self, saved: bool = False) -> RunState:
        """The saved state when resuming (or ``saved``), else a fresh one."""
        scenario = str(self.cfg.scenario.get('type'))
        if self.resume or saved:
            return RunState.load(self.work_dir, num_tasks=len(self.tasks), scenario=scenario)
        return RunState(num_tasks=len(self.tasks), scenario=scenario)

    def _refuse_empty_resume(self) -> None:
        """--resume where nothing ran would silently start a fresh run: say so instead."""
        if not self._earlier_run():
            raise ConfigError(f'--resume: work_dir {self.work_dir} holds no run to resume (no state.json, no task '
                              'checkpoint). Check --work-dir, or drop --resume to start a run there.')

    def _refuse_earlier_run(self) -> None:
        """A fresh run must not mix with an earlier one in the same work_dir (plugins reuse files written
        before a resume, methods load the previous task's checkpoint): stop, and lose nothing."""
        found = self._earlier_run()
        if found:
            raise ConfigError(f'work_dir {self.work_dir} already holds a run ({", ".join(found)}). Continue it '
                              'with --resume, write this one elsewhere with --work-dir, or delete that folder '
                              'to start over.')

    def _earlier_run(self) -> list[str]:
        """What an earlier run left in work_dir: its state and results files and the tasks with checkpoints."""
        found = [path.name for path in (self.layout.state_file, self.layout.results_json) if path.is_file()]
        return found + [f'task_{t.index}/' for t in self.tasks if self._has_checkpoint(t)]

    def _has_checkpoint(self, task: Task) -> bool:
        return self.layout.latest_checkpoint(task.index) is not None

    def _write_report(self, results: list) -> None:
        """results.md (every plugin's section) and the same as the static page results.html."""
        sections = collect_by_plugin(self.pm, 'clseg_report', results=results, work_dir=str(self.work_dir))
        text = '\n'.join(sections.values())
        atomic_write_text(self.layout.results_md, text)
        title = f'clseg run {self.work_dir.name} ({self.cfg.filename and Path(self.cfg.filename).name})'
        atomic_write_text(self.layout.results_html, render_html(text, self.cfg.to_dict(), title=title))


def merge_contributions(contributions: dict[str, dict]) -> dict:
    """Merge ``{plugin: {dotted key: value}}``; the same key with different values is an error."""
    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for plugin, overrides in contributions.items():
        for key, value in overrides.items():
            if key in merged and merged[key] != value:
                raise ConfigError(f"plugins '{owner[key]}' and '{plugin}' both set `{key}` for this task "
                                  f'({merged[key]!r} vs {value!r}). Deactivate one of them.')
            merged[key], owner[key] = value, plugin
    return merged
