"""Episodic IoU (PROTOCOLS.md, "Few-shot" metrics; PANet's ``util/metric.py``).

Per run: per-class TP/FP/FN pooled over the run's episodes; mIoU = mean IoU over the fold's classes;
FB-IoU = mean of the background IoU and the foreground IoU, whose TP/FP/FN are the per-class counts
summed (PANet's ``get_mIoU_binary``). Reported: mean and std over runs, and per-class IoU.
"""
import warnings
from typing import Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric

from platform_core.registry import METRICS
from platform_core.scenario import IGNORE_INDEX

__all__ = ['EpisodicIoUMetric', 'episode_counts', 'run_scores']


def episode_counts(pred: torch.Tensor, target: torch.Tensor, classes: Sequence[int],
                   num_labels: int) -> np.ndarray:
    """(num_labels, 3) TP/FP/FN of one episode's queries in dataset class ids, NaN for classes the
    ground truth does not show (PANet records only those). Row 0 is background.

    Args:
        pred, target: (Q, H, W) episode-local labels (target 255 = ignore).
        classes: the episode's classes; local label j+1 is ``classes[j]``.
    """
    counts = np.full((num_labels, 3), np.nan)
    valid = target != IGNORE_INDEX
    for j, label in enumerate([0, *classes]):
        truth = target == j
        if not truth.any():
            continue
        predicted = (pred == j) & valid
        tp = int((predicted & truth).sum())
        counts[label] = (tp, int(predicted.sum()) - tp, int(truth.sum()) - tp)
    return counts


def run_scores(counts: np.ndarray, classes: Sequence[int]) -> tuple[float, float, np.ndarray]:
    """(mIoU %, FB-IoU %, per-label IoU %) of one run from its pooled (num_labels, 3) counts."""
    with np.errstate(divide='ignore', invalid='ignore'):
        iou = counts[:, 0] / counts.sum(axis=1) * 100  # NaN: class never in a query's ground truth
        fg = counts[1:].sum(axis=0)
        binary = np.array([counts[0, 0] / counts[0].sum(), fg[0] / fg.sum()]) * 100
    return _nanmean(iou[list(classes)]), _nanmean(binary), iou


def _nanmean(values: np.ndarray, axis: Optional[int] = None):
    return _quietly(np.nanmean, values, axis)


def _nanstd(values: np.ndarray, axis: Optional[int] = None):
    """The spread over runs (population std), NaN where no run measured the class."""
    return _quietly(np.nanstd, values, axis)


def _quietly(statistic, values: np.ndarray, axis: Optional[int]):
    with warnings.catch_warnings():  # all-NaN -> NaN, silently
        warnings.simplefilter('ignore', RuntimeWarning)
        return statistic(values, axis=axis)


@METRICS.register_module()
class EpisodicIoUMetric(BaseMetric):
    """mIoU and FB-IoU of episodic test runs, mean ± std over runs, plus per-class IoU (mean and std over runs).

    Args:
        classes: the fold's test classes (the scenario sets them); mIoU averages over these.
    """
    default_prefix: Optional[str] = None

    def __init__(self, *, classes: Sequence[int] = (), collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.classes = tuple(int(c) for c in classes)

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        num_labels = len(self.dataset_meta['classes'])
        for sample in data_samples:
            pred = sample['pred_sem_seg']['data'].cpu()
            target = sample['gt_sem_seg']['data'].to(pred.device)
            self.results.append((sample['run'], episode_counts(pred, target, sample['episode_classes'],
                                                               num_labels)))

    def compute_metrics(self, results: list) -> dict:
        runs = sorted({run for run, _ in results})
        names = self.dataset_meta['classes']
        classes = self.classes or tuple(range(1, len(names)))
        scores = [run_scores(np.nansum([c for r, c in results if r == run], axis=0), classes) for run in runs]
        miou, fbiou = np.array([s[0] for s in scores]), np.array([s[1] for s in scores])
        stacked = np.stack([s[2] for s in scores]) if scores else np.zeros((0, len(names)))
        per_class, spread = _nanmean(stacked, axis=0), _nanstd(stacked, axis=0)
        return {'mIoU': round(float(miou.mean()), 2), 'mIoU_std': round(float(miou.std()), 2),
                'FB-IoU': round(float(fbiou.mean()), 2), 'FB-IoU_std': round(float(fbiou.std()), 2),
                'runs': len(runs), 'episodes': len(results),
                'mIoU_per_run': [round(float(v), 2) for v in miou],
                'FB-IoU_per_run': [round(float(v), 2) for v in fbiou],
                'per_class_iou': {names[c]: _rounded(per_class[c]) for c in classes},
                'per_class_iou_std': {names[c]: _rounded(spread[c]) for c in classes}}


def _rounded(value: float) -> Optional[float]:
    return None if np.isnan(value) else round(float(value), 2)
