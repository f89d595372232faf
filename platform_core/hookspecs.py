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
        clseg_configure_task(cfg, task, layout)   -> config overrides for task t (its model, data, schedule;
                                                     the previous task's checkpoint a method starts from or
                                                     keeps as a frozen teacher, e.g. ``model.init_from``)
            ... the task's Runner is built from that config and trained; the model's ``loss()`` calls
                clseg_extra_losses every iteration ...
        clseg_after_task(task, metrics, task_dir, results, layout)
                                                  -> extra entries for results.json (a method may also
                                                     prepare what the next task reads, e.g. mined masks)
        clseg_report(results, work_dir)           -> markdown sections; results.md is rewritten after every
                                                     task with the tasks so far

``layout`` is the run's :class:`platform_core.engine.RunLayout`, the one owner of its folder layout
(``layout.task_dir(t)``, ``layout.plugin_dir(t, name)``, ``layout.previous_checkpoint(t)``): plugins never
build ``task_<t>`` paths themselves.

Calling and combining: every hook is called through pluggy, so ``tryfirst``/``trylast`` and wrapper
hookimpls (``wrapper=True``) behave as pluggy documents (implementations run most recently registered first
unless ordered); the core keeps each result with the plugin that returned it and combines them in plugin
registration order (``core``, then the config's ``plugins`` as listed). A wrapper receives the list of
``platform_core.plugin_manager.Contribution(plugin, value)`` from ``yield`` and must return such a list.
An exception raised in a hook that is not a ``ClsegError`` becomes ``PluginError: plugin '<name>' failed in
<hook>: ...``.
"""
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

import pluggy

if TYPE_CHECKING:
    from mmengine.config import Config

    from .engine.layout import RunLayout
    from .models.plugin_losses import PluginLossMixin
    from .scenario import Task

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
def clseg_configure_task(cfg: 'Config', task: 'Task', layout: 'RunLayout') -> Optional[dict]:
    """Contribute config overrides for one task, before its mmengine Runner is built. This is how a method
    takes what it needs from earlier tasks: the previous task's checkpoint as its start or frozen teacher
    (``layout.previous_checkpoint(task.index)``), grown classifier sizes, mined masks' folder.

    Args:
        cfg: the run's config (``mmengine.Config``) with the scenario's overrides for this task
            already merged. Read-only.
        task: the frozen :class:`platform_core.scenario.Task`.
        layout: the run's folder layout.

    Returns:
        ``None`` or a dict of dotted keys to values (``{'model.teacher_checkpoint': path}``), merged
        with ``Config.merge_from_dict``. Collected from every plugin; two plugins setting the same key
        to different values is a ``ConfigError`` naming both. A stage the method decides to skip (AE-PSL's
        erasing rounds after one learned nothing) sets ``train_dataloader``, ``train_cfg``, ``optim_wrapper``
        and ``param_scheduler`` to None: the task then trains nothing and leaves no checkpoint.
    Must not: mutate ``cfg``.
    """


@hookspec
def clseg_after_task(task: 'Task', metrics: dict, task_dir: str, results: list,
                     layout: 'RunLayout') -> Optional[dict]:
    """Report extra results for a finished task, and prepare files the next task's configuration points to
    (AE-PSL mines its erased-region masks here), written atomically under ``work_dir``.

    Args:
        task: the task that just finished training and evaluation.
        metrics: the scenario metric's output (read-only), e.g. ``{'mIoU': 61.2, 'per_class_iou': {...}}``.
        task_dir: the task's folder (``layout.task_dir(task.index)``: its checkpoints and logs).
        results: the entries of the tasks before this one, as in ``results.json`` (read-only).
        layout: the run's folder layout.

    Returns:
        ``None`` or a JSON-serialisable dict, stored in ``results.json`` under the plugin's name.
    Must not: change the task's checkpoints or another plugin's files.
    """


@hookspec
def clseg_report(results: list, work_dir: str) -> Optional[str]:
    """Add a section to ``results.md``, which is rewritten after every task.

    Args:
        results: one entry per finished task (all of them after the last), as in ``results.json``.
        work_dir: the run's work dir (plugins may write extra files such as plots here, atomically).

    Returns:
        ``None`` or a markdown string; sections appear in plugin registration order.
    """


# --------------------------------------------------------------------------------------------------
# Inside one training iteration
# --------------------------------------------------------------------------------------------------

@hookspec
def clseg_extra_losses(segmentor: 'PluginLossMixin', inputs: Any, data_samples: list) -> Optional[dict]:
    """Add losses computed by another plugin inside the model's ``loss()``
    (``platform_core.models.PluginLossMixin``: the method's ``method_losses`` first, then these).

    Args:
        segmentor: the task's model (a ``ContinualSegmentor`` or another model with the loss template; a model
            without it is a ``ConfigError`` when any active plugin implements this hook).
        inputs: the batch, shape (N, 3, H, W), already normalised by the data preprocessor.
        data_samples: the batch's ``SegDataSample`` list.

    Returns:
        ``None`` or ``{'loss_<plugin>_<what>': tensor}``. Collected; every key must start with
        ``loss_<plugin name>_`` and be unique across plugins, else ``PluginError``.
    Must not: call ``backward`` or step an optimizer; statistics to log go in keys without 'loss'.
    """
