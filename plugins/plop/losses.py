"""PLOP's losses (Douillard et al., CVPR 2021, "PLOP: Learning without Forgetting for Continual Semantic
Segmentation"), as the released code computes them (arthurdouillard/CVPR2021_PLOP train.py: features_distillation,
_local_pod, entropy; PROTOCOLS.md). ``num_old`` = background + old classes, the first channels of the logits."""
import math
from typing import Sequence

import torch
import torch.nn.functional as F

from platform_core.models.class_argmax import class_argmax

__all__ = ['local_pod_embedding', 'pod_distance', 'merge_new_into_background', 'local_pod_loss',
           'normalized_entropy', 'pseudo_labels', 'weighted_ce', 'IGNORE_INDEX']

IGNORE_INDEX = 255


def local_pod_embedding(x: torch.Tensor, scales: Sequence[int] = (1, 2, 4)) -> torch.Tensor:
    """(N, C, H, W) -> (N, D): for each scale s and each s x s region of side k = W // s (k slices the rows
    too, as the code does), the region's mean over width (C x k values) then over height (C x k), concatenated."""
    n, width, parts = x.shape[0], x.shape[-1], []
    for s in scales:
        k = width // s
        for i in range(s):
            for j in range(s):
                region = x[..., i * k:(i + 1) * k, j * k:(j + 1) * k]
                parts += [region.mean(dim=3).reshape(n, -1), region.mean(dim=2).reshape(n, -1)]
    return torch.cat(parts, dim=1)


def pod_distance(old: torch.Tensor, new: torch.Tensor, scales: Sequence[int] = (1, 2, 4)) -> torch.Tensor:
    """Local POD between two maps: both squared, embedded, L2 norm (not squared) of the difference per image,
    mean over the batch."""
    diff = local_pod_embedding(new.pow(2), scales) - local_pod_embedding(old.pow(2), scales)
    return torch.linalg.vector_norm(diff, dim=1).mean()


def merge_new_into_background(logits: torch.Tensor, num_old: int) -> torch.Tensor:
    """(N, C, h, w) -> (N, num_old, h, w): the background channel plus the raw sum of the new classes' logits
    (the code's ``extra_channels='sum'``), so the student's logits compare with the old model's."""
    background = logits[:, :1] + logits[:, num_old:].sum(dim=1, keepdim=True)
    return torch.cat([background, logits[:, 1:num_old]], dim=1)


def local_pod_loss(old_maps: Sequence[torch.Tensor], new_maps: Sequence[torch.Tensor], *, num_seen: int,
                   num_new: int, feature_weight: float = 0.01, logits_weight: float = 0.0005,
                   scales: Sequence[int] = (1, 2, 4)) -> torch.Tensor:
    """Sum over maps of weight x sqrt(num_seen / num_new) x :func:`pod_distance`, divided by the number of
    maps; the last map pair is the logits (``logits_weight``; the new logits already merged), the others
    features (``feature_weight``)."""
    assert len(old_maps) == len(new_maps), 'one old map per new map'
    adaptive = math.sqrt(num_seen / num_new)
    total = 0.0
    for index, (old, new) in enumerate(zip(old_maps, new_maps)):
        weight = logits_weight if index == len(old_maps) - 1 else feature_weight
        total = total + weight * adaptive * pod_distance(old, new, scales)
    return total / len(old_maps)


def normalized_entropy(old_logits: torch.Tensor, num_seen: int) -> torch.Tensor:
    """(N, C_old, H, W) -> (N, H, W) uncertainty u of the old model: -(1 / log C_old) x the MEAN over channels
    of p log(p + 1e-8), divided by log(num_seen) (the code's ``entropy(p) / max_entropy``)."""
    p = F.softmax(old_logits, dim=1)
    entropy = -(p * torch.log(p + 1e-8)).mean(dim=1) / math.log(old_logits.shape[1] + 1e-8)
    return entropy / math.log(num_seen)


def pseudo_labels(target: torch.Tensor, old_logits: torch.Tensor, thresholds: torch.Tensor,
                  num_seen: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Background pixels (label < C_old) take the old model's class where it is certain (u < thresholds[class]),
    else are ignored (255). Returns (labels (N, H, W), per-image factor nu (N,) = kept / (background + 1e-6))."""
    certainty = normalized_entropy(old_logits, num_seen)                # (N, H, W)
    old_class = class_argmax(old_logits)                               # (N, H, W)
    background = target < old_logits.shape[1]
    keep = background & (certainty < thresholds[old_class])
    labels = torch.where(keep, old_class, target)
    labels = torch.where(background & ~keep, IGNORE_INDEX, labels)
    nu = keep.flatten(1).sum(1).float() / (background.flatten(1).sum(1).float() + 1e-6)
    return labels, nu


def weighted_ce(logits: torch.Tensor, labels: torch.Tensor, nu: torch.Tensor) -> torch.Tensor:
    """Cross-entropy per pixel x its image's nu, mean over all pixels (ignored ones count as 0)."""
    ce = F.cross_entropy(logits, labels, ignore_index=IGNORE_INDEX, reduction='none')  # (N, H, W)
    return (ce * nu[:, None, None]).mean()
