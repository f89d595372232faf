"""Generalized zero-shot segmentation metric: seen / unseen / overall mIoU, hIoU and pixel accuracy,
all from one confusion matrix over seen + unseen classes (PROTOCOLS.md, "Generalized zero-shot")."""
from typing import Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from platform_core.errors import ConfigError
from platform_core.evaluation.iou import confusion_matrix, per_class_iou
from platform_core.registry import METRICS

__all__ = ['GZSLMetric', 'confusion_matrix', 'gzsl_scores', 'harmonic_mean', 'ABSENT_POLICIES']

ABSENT_POLICIES = ('zero', 'skip')


def harmonic_mean(seen: Optional[float], unseen: Optional[float]) -> Optional[float]:
    """hIoU = 2 S U / (S + U); 0 when both are 0, None when either is undefined."""
    if seen is None or unseen is None:
        return None
    return 0.0 if seen + unseen == 0 else 2 * seen * unseen / (seen + unseen)


def _mean(iou: np.ndarray, classes: Sequence[int], absent: str) -> Optional[float]:
    values = iou[list(classes)]
    values = np.nan_to_num(values, nan=0.0) if absent == 'zero' else values[~np.isnan(values)]
    return float(values.mean()) if len(values) else None


def gzsl_scores(confusion: np.ndarray, seen: Sequence[int], unseen: Sequence[int], *,
                absent: str = 'skip') -> dict:
    """Scores in percent from a confusion matrix.

    Args:
        confusion: (C, C) counts, rows = ground truth.
        seen, unseen: class indices; overall mIoU is over ``seen + unseen``.
        absent: a class absent from both ground truth and prediction has an undefined IoU:
            ``'zero'`` counts it as 0 (ZS3), ``'skip'`` leaves it out of the means (SPNet, CaGNet).
    """
    if absent not in ABSENT_POLICIES:
        raise ConfigError(f'GZSLMetric: absent={absent!r} must be one of {ABSENT_POLICIES}.')
    evaluated = list(seen) + list(unseen)
    confusion = np.zeros_like(confusion, dtype=np.float64) + confusion.astype(np.float64)
    other = np.setdiff1d(np.arange(len(confusion)), evaluated)
    confusion[other] = 0  # ground-truth pixels of classes outside seen + unseen are left out
    tp = np.diag(confusion)
    union = confusion.sum(0) + confusion.sum(1) - tp
    iou = per_class_iou(tp, union)
    s, u = _mean(iou, seen, absent), _mean(iou, unseen, absent)
    rows = confusion[evaluated]
    total = rows.sum()
    return dict(mIoU_seen=s, mIoU_unseen=u, hIoU=harmonic_mean(s, u), mIoU=_mean(iou, evaluated, absent),
                aAcc=float(tp[evaluated].sum() / total * 100) if total else None, iou=iou)


@METRICS.register_module()
class GZSLMetric(BaseMetric):
    """GZSL scores over ``seen_classes + unseen_classes`` (pixels of other classes, e.g. an ignored
    background, are left out). Returns ``mIoU_seen``, ``mIoU_unseen``, ``hIoU``, ``mIoU``, ``aAcc`` and
    ``per_class_iou`` (evaluated classes only, seen then unseen) and ``unseen_class_names``.

    Args:
        seen_classes, unseen_classes: class indices (the zeroshot scenario sets them).
        num_classes: size of the label space (prediction channels).
        absent: ``'skip'`` (default) or ``'zero'``, see :func:`gzsl_scores`.
        class_names: names for ``per_class_iou``; defaults to the dataset's ``classes``.
    """
    default_prefix = None

    def __init__(self, *, seen_classes: Sequence[int], unseen_classes: Sequence[int], num_classes: int,
                 absent: str = 'skip', ignore_index: int = 255, class_names: Optional[Sequence[str]] = None,
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if absent not in ABSENT_POLICIES:
            raise ConfigError(f'GZSLMetric: absent={absent!r} must be one of {ABSENT_POLICIES}.')
        overlap = set(seen_classes) & set(unseen_classes)
        if overlap:
            raise ConfigError(f'GZSLMetric: classes {sorted(overlap)} are both seen and unseen.')
        self.seen, self.unseen = [int(c) for c in seen_classes], [int(c) for c in unseen_classes]
        self.num_classes, self.absent, self.ignore_index = num_classes, absent, ignore_index
        self.class_names = class_names

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_sem_seg']['data'].squeeze().cpu().numpy()
            label = sample['gt_sem_seg']['data'].squeeze().cpu().numpy()
            self.results.append(torch.from_numpy(confusion_matrix(pred, label, self.num_classes,
                                                                        ignore_index=self.ignore_index)))

    def compute_metrics(self, results: list) -> dict:
        scores = gzsl_scores(sum(results).numpy(), self.seen, self.unseen, absent=self.absent)
        names = self.class_names or (self.dataset_meta or {}).get('classes') or [str(c) for c in range(self.num_classes)]
        iou = scores.pop('iou')
        scores = {k: (None if v is None else round(v, 2)) for k, v in scores.items()}
        print_log('GZSL: ' + ', '.join(f'{k} {v}' for k, v in scores.items()), logger='current')
        scores['per_class_iou'] = {names[c]: (None if np.isnan(iou[c]) else round(float(iou[c]), 2))
                                   for c in self.seen + self.unseen}
        scores['unseen_class_names'] = [names[c] for c in self.unseen]
        return scores
