"""Semantic-segmentation IoU: mmseg's IoUMetric plus per-class IoU in the returned metrics."""
import math
from typing import Iterable, Optional, Sequence

import numpy as np
import torch
from mmseg.evaluation import IoUMetric

from ..registry import METRICS

__all__ = ['ClsegIoUMetric', 'per_class_iou', 'mean_of', 'background_baseline']


def per_class_iou(intersect: Sequence[float], union: Sequence[float]) -> np.ndarray:
    """IoU per class in percent; NaN where a class is in neither prediction nor ground truth."""
    intersect = np.asarray(intersect, dtype=np.float64)
    union = np.asarray(union, dtype=np.float64)
    with np.errstate(divide='ignore', invalid='ignore'):
        return np.where(union > 0, intersect / np.maximum(union, 1) * 100.0, np.nan)


def mean_of(values: dict, classes: Iterable[str]) -> Optional[float]:
    """Mean of ``values[c]`` over ``classes``, skipping missing/None/NaN entries (None if none left)."""
    kept = [values[c] for c in classes if values.get(c) is not None and not math.isnan(values[c])]
    return round(float(np.mean(kept)), 2) if kept else None


@METRICS.register_module()
class ClsegIoUMetric(IoUMetric):
    """mmseg's IoUMetric (aAcc, mIoU, mAcc, per-class table in the log) that also returns
    ``per_class_iou = {class name: IoU % or None}`` so the continual runner can build IoU matrices."""

    def compute_metrics(self, results: list) -> dict:
        metrics = super().compute_metrics(results)
        if self.format_only:
            return metrics
        intersect = sum(r[0] for r in results).cpu().numpy()
        union = sum(r[1] for r in results).cpu().numpy()
        iou = per_class_iou(intersect, union)
        names = self.dataset_meta['classes']
        metrics['per_class_iou'] = {n: (None if np.isnan(v) else round(float(v), 2)) for n, v in zip(names, iou)}
        return metrics


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
                per_class_iou={n: (None if np.isnan(v) else round(float(v), 2)) for n, v in zip(class_names, iou)})
