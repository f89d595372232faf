"""The class-incremental scenario (MiB / WILSON protocol, PROTOCOLS.md "Class-incremental")."""
from typing import Any, Optional, Sequence

from platform_core.data.transforms import pipeline_with
from platform_core.errors import ScenarioError
from platform_core.registry import SCENARIOS
from platform_core.scenario import Task, num_classes_overrides
from platform_core.splits import incremental_tasks

__all__ = ['ClassIncremental', 'MODES', 'class_filter', 'resolve_steps']

MODES = ('overlap', 'disjoint', 'sequential')


def resolve_steps(setting: Optional[str], tasks: Optional[Sequence[Sequence[int]]],
                  class_order: Optional[Sequence[int]], num_classes: int) -> list[tuple[int, ...]]:
    """Class ids introduced at each step: a named setting (optionally over ``class_order``) or explicit lists."""
    if (setting is None) == (tasks is None):
        raise ScenarioError("ClassIncremental: give exactly one of `setting` (e.g. '15-5') or `tasks` "
                            '(explicit class lists per step, background in the first).')
    steps = [tuple(s) for s in (incremental_tasks(setting) if setting is not None else tasks)]
    if class_order is not None:
        order = tuple(class_order)
        if sorted(order) != list(range(num_classes)) or order[0] != 0:
            raise ScenarioError(f'ClassIncremental: class_order must be a permutation of 0..{num_classes - 1} '
                                f'starting with background 0, got {list(order)}.')
        if tasks is not None:
            raise ScenarioError('ClassIncremental: class_order applies to a named `setting`; with explicit '
                                '`tasks` write the lists in the order you want.')
        sizes = [len(s) for s in steps]
        steps = [order[sum(sizes[:i]):sum(sizes[:i + 1])] for i in range(len(sizes))]
    flat = [c for s in steps for c in s]
    if len(steps) < 2 or 0 not in steps[0] or len(set(flat)) != len(flat) or not all(steps):
        raise ScenarioError(f'ClassIncremental: steps {steps} must be >= 2 non-empty, disjoint class lists with '
                            'background 0 in the first.')
    if max(flat) >= num_classes:
        raise ScenarioError(f'ClassIncremental: class {max(flat)} is outside num_classes={num_classes}.')
    return steps


def class_filter(mode: str, old: Sequence[int], new: Sequence[int]) -> dict:
    """The train image filter of a step (``keep_image`` keys), per mode.

    overlap: >= 1 pixel of a new class. disjoint: that, and every label in old + new (+0, 255).
    sequential: every label in old + new (images of old classes only are kept too).
    """
    fg_new = sorted(set(new) - {0})
    seen = sorted(set(old) | set(new))
    if mode == 'overlap':
        return dict(any_of=fg_new)
    if mode == 'disjoint':
        return dict(any_of=fg_new, within=seen)
    if mode == 'sequential':
        return dict(within=seen)
    raise ScenarioError(f"ClassIncremental: mode must be one of {MODES}, got {mode!r}.")


@SCENARIOS.register_module()
class ClassIncremental:
    """Classes arrive in steps; step 0 learns from pixel labels, later steps from ``supervision``.

    Args:
        setting: a published split name (``'15-5'``, ``'10-10'``, ``'15-1'``, ``'10-5-5'``, ``'19-1'``,
            ADE ``'100-50'``, ...), or None with ``tasks``.
        tasks: explicit class lists per step (background 0 in the first).
        class_order: a permutation of all class ids (0 first) the setting's step sizes apply to; model
            channel ``i`` then predicts class ``class_order[i]``.
        mode: ``'overlap'``, ``'disjoint'`` or ``'sequential'`` (train image filter).
        num_classes: size of the dataset's label space incl. background (21 for VOC / SynthVOC).
        supervision: supervision of steps > 0: ``'image'`` (image labels of the current classes only,
            masks hidden) or ``'pixel'`` (fine-tuning baselines).
        train_iters: optional max_iters per step (schedulers ending at the config's max_iters follow).
        train_datasets: optional training dataset per step (None: the config's), for steps that learn from
            another dataset (COCO-to-VOC: VOC images with ``label_map='voc_to_coco'``); the config's train
            pipeline is used unless the dataset gives its own.
        background_in: metric groups whose mean includes background (WILSON: ``('all',)``).
    """

    def __init__(self, *, setting: Optional[str] = None, tasks: Optional[Sequence[Sequence[int]]] = None,
                 class_order: Optional[Sequence[int]] = None, mode: str = 'overlap', num_classes: int = 21,
                 supervision: str = 'image', train_iters: Optional[Sequence[int]] = None,
                 train_datasets: Optional[Sequence[Optional[dict]]] = None,
                 background_in: Sequence[str] = ('all',)) -> None:
        class_filter(mode, (), (1,))  # validates the mode
        if supervision not in ('image', 'pixel'):
            raise ScenarioError(f"ClassIncremental: supervision must be 'image' or 'pixel', got {supervision!r}.")
        self.steps = resolve_steps(setting, tasks, class_order, num_classes)
        if train_iters is not None and len(train_iters) != len(self.steps):
            raise ScenarioError(f'ClassIncremental: train_iters has {len(train_iters)} entries for '
                                f'{len(self.steps)} steps.')
        if train_datasets is not None and len(train_datasets) != len(self.steps):
            raise ScenarioError(f'ClassIncremental: train_datasets has {len(train_datasets)} entries for '
                                f'{len(self.steps)} steps (None keeps the config\'s train dataset).')
        self.train_datasets = list(train_datasets or [None] * len(self.steps))
        self.setting, self.mode, self.supervision = setting or 'custom', mode, supervision
        self.train_iters = None if train_iters is None else [int(i) for i in train_iters]
        self.order = [c for s in self.steps for c in s]  # channel -> class id
        self.background_in = tuple(background_in)
        self.num_tasks = len(self.steps)

    def task(self, index: int) -> Task:
        if not 0 <= index < self.num_tasks:
            raise ScenarioError(f'ClassIncremental has {self.num_tasks} steps; step {index} was asked for.')
        old = tuple(c for s in self.steps[:index] for c in s)
        new = self.steps[index]
        return Task(index=index, name=f'{self.setting} {self.mode} step {index}',
                    classes=tuple(sorted(old + new)), new_classes=tuple(sorted(new)),
                    old_classes=tuple(sorted(old)), supervision='pixel' if index == 0 else self.supervision,
                    extra=(('mode', self.mode), ('channels', tuple(self.order[:len(old) + len(new)]))))

    def configure(self, cfg: Any, task: Task) -> dict:
        return {**num_classes_overrides(cfg, len(task.classes)), **self._data_overrides(cfg, task),
                **self._metric_overrides(cfg, task), **self._schedule_overrides(cfg, task)}

    def _data_overrides(self, cfg: Any, task: Task) -> dict:
        channel = {c: i for i, c in enumerate(task.get('channels'))}
        source = self.train_datasets[task.index]
        train = pipeline_with((source or {}).get('pipeline') or cfg.train_dataloader.dataset.pipeline, dict(
            type='RemapLabels', mapping={c: channel[c] for c in (0,) + task.new_classes}, fill=0))
        if task.supervision == 'image':  # the method sees image labels of the new classes, never masks
            train = pipeline_with(train, dict(type='DropPixelLabels'), after='RemapLabels')
        test = pipeline_with(cfg.test_dataloader.dataset.pipeline, dict(type='RemapLabels', mapping=channel, fill=0))
        # the dataset attaches `image_labels` (from its file, else from the masks) once a class_filter is set
        keep = class_filter(self.mode, task.old_classes, task.new_classes)
        if source is not None:
            return {'train_dataloader.dataset': dict(source, pipeline=train, class_filter=keep, _delete_=True),
                    'test_dataloader.dataset.pipeline': test}
        return {'train_dataloader.dataset.pipeline': train, 'test_dataloader.dataset.pipeline': test,
                'train_dataloader.dataset.class_filter': keep}

    def _metric_overrides(self, cfg: Any, task: Task) -> dict:
        metric = dict(cfg.get('test_evaluator') or dict(iou_metrics=['mIoU']))
        identity = list(task.get('channels')) == list(range(len(task.classes)))
        metric.update(type='IncrementalIoUMetric', old_classes=list(task.old_classes),
                      new_classes=list(task.new_classes), background_in=list(self.background_in),
                      class_order=None if identity else list(self.order))
        return {'test_evaluator': metric}

    def _schedule_overrides(self, cfg: Any, task: Task) -> dict:
        if self.train_iters is None:
            return {}
        base, iters = int(cfg.train_cfg.max_iters), self.train_iters[task.index]
        schedulers = [dict(s, end=iters) if s.get('end') == base else dict(s) for s in cfg.get('param_scheduler', [])]
        return {'train_cfg.max_iters': iters, 'train_cfg.val_interval': iters, 'param_scheduler': schedulers}

