"""Semantic-segmentation IoU: mmseg's IoUMetric plus per-class IoU in the returned metrics."""
import math
from typing import Iterable, Optional, Sequence

import numpy as np
import torch
from mmseg.evaluation import IoUMetric

from ..registry import METRICS

__all__ = ['ClsegIoUMetric', 'foreground_shares', 'confusion_matrix', 'per_class_iou', 'mean_of', 'named_iou', 'rounded_iou',
           'background_baseline']


def confusion_matrix(pred: np.ndarray, label: np.ndarray, num_classes: int, *, ignore_index: int = 255,
                     pred_columns: Optional[int] = None) -> np.ndarray:
    """(num_classes, pred_columns) int64 counts, rows = ground truth, columns = prediction (``pred_columns``
    defaults to ``num_classes``; more where a prediction may be a value beyond the classes, e.g. "ignore").
    Pixels labelled ``ignore_index`` or ``>= num_classes`` are left out."""
    columns = pred_columns or num_classes
    valid = (label != ignore_index) & (label < num_classes)
    index = label[valid].astype(np.int64) * columns + pred[valid].astype(np.int64)
    return np.bincount(index, minlength=num_classes * columns).reshape(num_classes, columns)


def per_class_iou(intersect: Sequence[float], union: Sequence[float],
                  label_area: Optional[Sequence[float]] = None) -> np.ndarray:
    """IoU per class in percent; NaN where a class is in neither prediction nor ground truth, and, when
    ``label_area`` is given, also where it is absent from the ground truth (predicted only)."""
    intersect = np.asarray(intersect, dtype=np.float64)
    union = np.asarray(union, dtype=np.float64)
    present = union > 0 if label_area is None else np.asarray(label_area, dtype=np.float64) > 0
    with np.errstate(divide='ignore', invalid='ignore'):
        return np.where(present, intersect / np.maximum(union, 1) * 100.0, np.nan)


def named_iou(names: Sequence[str], iou: np.ndarray) -> dict:
    """``{class name: IoU % or None}`` (None where ``iou`` is NaN), unrounded."""
    return {n: (None if np.isnan(v) else float(v)) for n, v in zip(names, iou)}


def rounded_iou(values: dict) -> dict:
    return {name: None if value is None else round(value, 2) for name, value in values.items()}


def mean_of(values: dict, classes: Iterable[str]) -> Optional[float]:
    """Mean of ``values[c]`` over ``classes``, skipping missing/None/NaN entries (None if none left),
    rounded to 2 decimals (pass unrounded values: the mean of rounded IoUs rounds twice)."""
    kept = [values[c] for c in classes if values.get(c) is not None and not math.isnan(values[c])]
    return round(float(np.mean(kept)), 2) if kept else None


@METRICS.register_module()
class ClsegIoUMetric(IoUMetric):
    """mmseg's IoUMetric (aAcc, mIoU, mAcc, per-class table in the log) that also returns
    ``per_class_iou = {class name: IoU % or None}`` so the continual runner can build IoU matrices.

    Args:
        skip_absent: a class absent from the ground truth gets None even where it is predicted (MiB's and
            WILSON's StreamSegMetrics); off: it counts as IoU 0 (mmseg's mIoU).
        fg_share: also return ``fg_share`` and ``gt_fg_share``: the % of evaluated pixels predicted as, and
            labelled as, a class other than class 0 (background). A model collapsed to background shows it here
            at once, whatever its mIoU.
    """
    SKIP_ABSENT = False

    def __init__(self, *, skip_absent: Optional[bool] = None, fg_share: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.skip_absent = self.SKIP_ABSENT if skip_absent is None else skip_absent
        self.fg_share = fg_share

    def class_iou(self, results: list) -> dict:
        """Unrounded ``{class name: IoU % or None}`` over the processed ``results``."""
        intersect, union, _, label = (sum(r[i] for r in results).cpu().numpy() for i in range(4))
        return named_iou(self.dataset_meta['classes'],
                         per_class_iou(intersect, union, label if self.skip_absent else None))

    def compute_metrics(self, results: list) -> dict:
        metrics = super().compute_metrics(results)
        if not self.format_only:
            metrics.update(self.class_metrics(self.class_iou(results)))
            if self.fg_share:
                metrics.update(foreground_shares(results))
        return metrics

    def class_metrics(self, iou: dict) -> dict:
        """The metrics computed from the unrounded per-class IoU (a subclass adds its own)."""
        return {'per_class_iou': rounded_iou(iou)}


def foreground_shares(results: list) -> dict:
    """% of evaluated pixels predicted (``fg_share``) and labelled (``gt_fg_share``) as a class other than 0,
    from IoUMetric's per-batch (intersect, union, pred area, label area) results."""
    pred, label = (sum(r[i] for r in results).double() for i in (2, 3))  # (C,) pixel counts
    total = max(float(label.sum()), 1.0)  # pixels with a label; every one of them has a prediction
    return dict(fg_share=round(float(pred[1:].sum()) / total * 100, 2),
                gt_fg_share=round(float(label[1:].sum()) / total * 100, 2))


def background_baseline(labels: Iterable[np.ndarray], class_names: Sequence[str],
                        ignore_index: int = 255) -> dict:
    """Metrics of a model that predicts background (0) everywhere, with the same accounting as
    :class:`ClsegIoUMetric` (mmseg's intersect/union helpers), without its log table."""
    areas = [0, 0, 0, 0]
    for label in labels:
        label = torch.from_numpy(np.asarray(label, dtype=np.int64))
        result = IoUMetric.intersect_and_union(torch.zeros_like(label), label, len(class_names), ignore_index)
        areas = [total + area for total, area in zip(areas, result)]
    summary = IoUMetric.total_area_to_metrics(*areas, metrics=['mIoU'])
    iou = per_class_iou(areas[0].numpy(), areas[1].numpy())
    return dict(aAcc=round(float(summary['aAcc']) * 100, 2), mIoU=round(float(np.nanmean(iou)), 2),
                per_class_iou=rounded_iou(named_iou(class_names, iou)))
