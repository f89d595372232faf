"""THE plugin contract of clseg. Read this file first.

A run is one scenario (a registered ``SCENARIOS`` type, exactly one) x one method x an mmseg model, driven
by mmengine. Plugins are pip packages registered under the entry-point group ``clseg.plugins``; only the
plugins named in the config's ``plugins = [...]`` (plus clseg's essential built-ins) are active.

The rule of ownership: a *registry* builds the one object a config slot names (``type=``); a *hook*
lets every active plugin take part in an event. Hooks RETURN contributions; they must not mutate the
config, the task, the metrics or another plugin's objects. How contributions combine is stated on each
hook. A plugin implements any subset of the hooks with ``@hookimpl`` and the argument names below
(pluggy passes arguments by name; an implementation may accept fewer).

Order of calls for one run::

    clseg_plugin_info                          once, when the plugin manager is built
    for each task t of the scenario:
        clseg_configure_task(cfg, task)        -> config overrides for task t
        clseg_before_task(runner, task)        the mmengine Runner of task t is built, not yet trained
            ... training: the core segmentor calls clseg_extra_losses every iteration ...
        clseg_after_task(task, metrics, work_dir)  -> extra entries for results.json
    clseg_report(results, work_dir)            -> markdown sections for results.md
"""
from dataclasses import dataclass, field
from typing import Any, Optional

import pluggy

__all__ = ['PROJECT', 'hookspec', 'hookimpl', 'PluginInfo']

PROJECT = 'clseg'
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

PLUGIN_KINDS = ('method', 'scenario', 'baseline', 'core', 'other')
SUPERVISION_KINDS = ('pixel', 'image', 'episodes', 'none')


@dataclass(frozen=True)
class PluginInfo:
    """What a plugin is, returned by :func:`clseg_plugin_info`.

    Args:
        kind: one of ``PLUGIN_KINDS``.
        summary: one line for ``tools/list_plugins.py``.
        types: every ``type=`` name the plugin registers (checked by the contract tests).
        supervision: for method/baseline plugins, the task supervision kinds they can learn from
            (``SUPERVISION_KINDS``); the core refuses a scenario whose tasks need another kind.
    """
    kind: str
    summary: str = ''
    types: tuple[str, ...] = ()
    supervision: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------------------------------
# Plugin description
# --------------------------------------------------------------------------------------------------

@hookspec
def clseg_plugin_info() -> PluginInfo:
    """Describe this plugin. Every plugin must implement it.

    Called once, when the plugin manager is built. Results are collected per plugin; the value must
    be a :class:`PluginInfo` (anything else is a ``PluginError`` naming the plugin).
    Must not: import heavy optional packages or touch the file system.
    """


# --------------------------------------------------------------------------------------------------
# Task lifecycle
# --------------------------------------------------------------------------------------------------

@hookspec
def clseg_configure_task(cfg: Any, task: Any) -> Optional[dict]:
    """Contribute config overrides for one task, before its mmengine Runner is built.

    Args:
        cfg: the run's config (``mmengine.Config``) with the scenario's overrides for this task
            already merged. Read-only.
        task: the frozen :class:`platform_core.scenario.Task`.

    Returns:
        ``None`` or a dict of dotted keys to values (``{'model.teacher_checkpoint': path}``), merged
        with ``Config.merge_from_dict``. Collected from every plugin; two plugins setting the same key
        to different values is a ``ConfigError`` naming both.
    Must not: mutate ``cfg``.
    """


@hookspec
def clseg_before_task(runner: Any, task: Any) -> None:
    """Prepare a task's training: snapshot a teacher, mine pseudo-labels, load grown weights.

    Called after the task's ``mmengine.Runner`` is built and before ``runner.train()``; also when the
    task is resumed. ``runner.model`` may be a DDP wrapper: use ``platform_core.dist.unwrap(model)``.
    Every implementation runs (in every process when distributed). Return value ignored.
    Must not: change the config or replace the runner's model object.
    """


@hookspec
def clseg_after_task(task: Any, metrics: dict, work_dir: str) -> Optional[dict]:
    """Report extra results for a finished task.

    Args:
        task: the task that just finished training and evaluation.
        metrics: the scenario metric's output (read-only), e.g. ``{'mIoU': 61.2, 'per_class_iou': {...}}``.
        work_dir: the task's folder ``<run work_dir>/task_<t>``.

    Returns:
        ``None`` or a JSON-serialisable dict, stored in ``results.json`` under the plugin's name.
    """


@hookspec
def clseg_report(results: list, work_dir: str) -> Optional[str]:
    """Add a section to ``results.md`` after the last task.

    Args:
        results: one entry per task as written to ``results.json``.
        work_dir: the run's work dir (plugins may write extra files such as plots here, atomically).

    Returns:
        ``None`` or a markdown string; sections appear in plugin registration order.
    """


# --------------------------------------------------------------------------------------------------
# Inside one training iteration
# --------------------------------------------------------------------------------------------------

@hookspec
def clseg_extra_losses(segmentor: Any, inputs: Any, data_samples: list) -> Optional[dict]:
    """Add losses computed by another plugin inside the core segmentor's ``loss()``.

    Args:
        segmentor: the method's segmentor (a ``platform_core.models.ContinualSegmentor``).
        inputs: the batch, shape (N, 3, H, W), already normalised by the data preprocessor.
        data_samples: the batch's ``SegDataSample`` list.

    Returns:
        ``None`` or ``{'loss_<plugin>_<what>': tensor}``. Collected; every key must start with
        ``loss_<plugin name>_`` and be unique across plugins, else ``PluginError``.
    Must not: call ``backward`` or step an optimizer; statistics to log go in keys without 'loss'.
    """
