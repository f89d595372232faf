"""Class-incremental metrics: old / new / all mIoU of one step, the IoU matrix across steps, forgetting.

Conventions (WILSON's, PROTOCOLS.md): one confusion matrix over the seen classes incl. background;
``old`` = mean IoU of the old foreground classes, ``new`` = of the new ones, ``all`` = of every seen
class INCLUDING background. ``background_in`` makes the background membership configurable. A class
absent from the ground truth is skipped, even where it is predicted (WILSON's ``metrics/stream_metrics.py``),
and the group means are taken over unrounded per-class IoU.
"""
from typing import Iterable, Optional, Sequence

from platform_core.evaluation.iou import ClsegIoUMetric, mean_of, rounded_iou
from platform_core.evaluation.report import markdown_table
from platform_core.registry import METRICS

__all__ = ['IncrementalIoUMetric', 'group_means', 'forgetting', 'incremental_markdown']

GROUPS = ('old', 'new', 'all')


def group_means(per_class_iou: dict, names: Sequence[str], *, old: Iterable[int], new: Iterable[int],
                background_in: Iterable[str] = ('all',)) -> dict:
    """``{'old', 'new', 'all'}`` mean IoU (None where no class of the group has a value).

    Args:
        per_class_iou: ``{class name: IoU or None}``.
        names: class name of each class id (``names[0]`` is background).
        old, new: class ids learned before / in this step (background may be in either; it only counts
            in the groups named by ``background_in``).
    """
    old, new = set(old) - {0}, set(new) - {0}
    groups = {'old': old, 'new': new, 'all': old | new}
    out = {}
    for group, ids in groups.items():
        ids = sorted(ids | ({0} if group in background_in else set()))
        out[group] = mean_of(per_class_iou, [names[i] for i in ids])
    return out


def forgetting(rows: Sequence[dict], first_step: dict) -> dict:
    """Per-class drop of IoU since the step a class was first learned, at the last row.

    Args:
        rows: ``per_class_iou`` of each step so far, in order.
        first_step: ``{class name: step index where it was first learned}`` for the classes to report.
    Returns:
        ``{class name: IoU(first step) - IoU(last step)}`` for classes learned before the last step
        (None where either value is missing).
    """
    last = len(rows) - 1
    out = {}
    for name, step in first_step.items():
        if step >= last:
            continue
        before, now = rows[step].get(name), rows[last].get(name)
        out[name] = None if before is None or now is None else round(before - now, 2)
    return out


def incremental_markdown(steps: Sequence[dict]) -> str:
    """A markdown section: old / new / all and mean forgetting per step (the IoU matrix is the core's, in
    results.md's summary, with classes in learning order).

    Args:
        steps: one dict per step with ``name``, ``old``, ``new``, ``all`` and ``forgetting`` (mean or None).
    """
    rows = ([step['name'], step['old'], step['new'], step['all'], step['forgetting']] for step in steps)
    lines = ['## Class-incremental: old / new / all mIoU per step', '',
             *markdown_table(['step', 'old', 'new', 'all', 'mean forgetting (old fg)'], rows)]
    return '\n'.join(lines) + '\n'


@METRICS.register_module()
class IncrementalIoUMetric(ClsegIoUMetric):
    """:class:`ClsegIoUMetric` that also returns ``old``, ``new`` and ``all`` mIoU of an incremental step.

    Args:
        old_classes, new_classes: class ids (dataset indices) learned before / in this step.
        class_order: dataset class id of each model channel when the scenario reorders classes
            (channel ``i`` predicts class ``class_order[i]``); None = channel ``i`` is class ``i``.
        background_in: groups whose mean includes background (WILSON: only ``'all'``).
        **kwargs: :class:`ClsegIoUMetric` / mmseg ``IoUMetric`` arguments (``skip_absent`` is on here).
    """
    SKIP_ABSENT = True

    def __init__(self, *, old_classes: Sequence[int] = (), new_classes: Sequence[int] = (),
                 class_order: Optional[Sequence[int]] = None, background_in: Sequence[str] = ('all',),
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.old_classes, self.new_classes = tuple(old_classes), tuple(new_classes)
        self.class_order = None if class_order is None else tuple(class_order)
        self.background_in = tuple(background_in)

    def class_metrics(self, iou: dict) -> dict:
        names = list(self.dataset_meta['classes'])
        if self.class_order is not None:  # channel i holds class class_order[i]: rename the IoU entries
            channel_iou = list(iou.values())
            by_id = {c: channel_iou[i] for i, c in enumerate(self.class_order)}
            iou = {name: by_id.get(c) for c, name in enumerate(names)}
        return dict(per_class_iou=rounded_iou(iou), **group_means(iou, names, old=self.old_classes,
                                                                   new=self.new_classes,
                                                                   background_in=self.background_in))
