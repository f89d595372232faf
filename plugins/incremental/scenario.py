"""The class-incremental scenario (MiB / WILSON protocol, PROTOCOLS.md "Class-incremental")."""
import math
from typing import Any, Optional, Sequence

from platform_core.data.transforms import pipeline_with
from platform_core.errors import ScenarioError
from platform_core.registry import SCENARIOS
from platform_core.scenario import Task, iters_per_epoch, num_classes_overrides, task_length_overrides
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
        train_epochs: instead of ``train_iters``, epochs per step over the step's own images (counted after
            the image filter) at the global batch size (batch_size x processes), as papers state them.
        train_datasets: optional training dataset per step (None: the config's), for steps that learn from
            another dataset (COCO-to-VOC: VOC images with ``label_map='voc_to_coco'``); the config's train
            pipeline is used unless the dataset gives its own.
        background_in: metric groups whose mean includes background (WILSON: ``('all',)``).
    """

    def __init__(self, *, setting: Optional[str] = None, tasks: Optional[Sequence[Sequence[int]]] = None,
                 class_order: Optional[Sequence[int]] = None, mode: str = 'overlap', num_classes: int = 21,
                 supervision: str = 'image', train_iters: Optional[Sequence[int]] = None,
                 train_epochs: Optional[Sequence[float]] = None,
                 train_datasets: Optional[Sequence[Optional[dict]]] = None,
                 background_in: Sequence[str] = ('all',)) -> None:
        class_filter(mode, (), (1,))  # validates the mode
        if supervision not in ('image', 'pixel'):
            raise ScenarioError(f"ClassIncremental: supervision must be 'image' or 'pixel', got {supervision!r}.")
        self.steps = resolve_steps(setting, tasks, class_order, num_classes)
        per_step = dict(train_iters=train_iters, train_epochs=train_epochs, train_datasets=train_datasets)
        for name, values in per_step.items():
            if values is not None and len(values) != len(self.steps):
                raise ScenarioError(f'ClassIncremental: {name} has {len(values)} entries for {len(self.steps)} '
                                    'steps (one per step).')
        if train_iters is not None and train_epochs is not None:
            raise ScenarioError('ClassIncremental: give train_iters or train_epochs, not both.')
        self.train_datasets = list(train_datasets or [None] * len(self.steps))
        self.setting, self.mode, self.supervision = setting or 'custom', mode, supervision
        self.train_iters = None if train_iters is None else [int(i) for i in train_iters]
        self.train_epochs = None if train_epochs is None else [float(e) for e in train_epochs]
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
        channel = {c: i for i, c in enumerate(task.get('channels'))}  # class id -> model channel
        train = self._train_dataset(cfg, task, channel)
        test = pipeline_with(cfg.test_dataloader.dataset.pipeline, dict(type='RemapLabels', mapping=channel, fill=0))
        return {**num_classes_overrides(cfg, len(task.classes)), **self._metric_overrides(cfg, task),
                'train_dataloader.dataset': dict(train, _delete_=True), 'test_dataloader.dataset.pipeline': test,
                **self._schedule_overrides(cfg, task, train)}

    def _train_dataset(self, cfg: Any, task: Task, channel: dict) -> dict:
        """The step's training dataset: its images (``class_filter``: the dataset attaches ``image_labels``,
        from its file or the masks) and labels (non-current classes -> background; masks hidden when the
        step learns from image labels)."""
        dataset = dict(self.train_datasets[task.index] or cfg.train_dataloader.dataset)
        pipeline = pipeline_with(dataset.get('pipeline') or cfg.train_dataloader.dataset.pipeline, dict(
            type='RemapLabels', mapping={c: channel[c] for c in (0,) + task.new_classes}, fill=0))
        if task.supervision == 'image':
            pipeline = pipeline_with(pipeline, dict(type='DropPixelLabels'), after='RemapLabels')
        keep = class_filter(self.mode, task.old_classes, task.new_classes)
        return dict(dataset, pipeline=pipeline, class_filter=keep)

    def _metric_overrides(self, cfg: Any, task: Task) -> dict:
        metric = dict(cfg.get('test_evaluator') or dict(iou_metrics=['mIoU']))
        identity = list(task.get('channels')) == list(range(len(task.classes)))
        metric.update(type='IncrementalIoUMetric', old_classes=list(task.old_classes),
                      new_classes=list(task.new_classes), background_in=list(self.background_in),
                      class_order=None if identity else list(self.order))
        return {'test_evaluator': metric}

    def _schedule_overrides(self, cfg: Any, task: Task, train: dict) -> dict:
        """The step's length: ``train_iters``, or ``train_epochs`` over the step's images at the global batch
        size (``epoch_iters``, iterations per epoch, is left in the config for methods that count in epochs)."""
        if self.train_iters is None and self.train_epochs is None:
            return {}
        overrides = {}
        if self.train_epochs is not None:
            overrides['epoch_iters'] = iters_per_epoch(train, cfg.train_dataloader.batch_size)
            iters = max(1, math.ceil(self.train_epochs[task.index] * overrides['epoch_iters']))
        else:
            iters = self.train_iters[task.index]
        return {**overrides, **task_length_overrides(cfg, iters)}
