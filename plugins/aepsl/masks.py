"""AE-PSL's pseudo-mask rules as pure numpy functions (Wei et al., CVPR 2017, sections 3.1-3.2).

Label maps are uint8: 0 = background / not mined, c = class c, 255 = ignore (or "claimed by several
classes" in mined maps)."""
from typing import Sequence

import numpy as np

from platform_core.evaluation.iou import confusion_matrix

__all__ = ['IGNORE', 'UNION_RULES', 'mined_label_map', 'union_of_rounds', 'erase', 'assemble_mask', 'confusion',
           'iou_summary']

IGNORE = 255


def mined_label_map(mined: np.ndarray, classes: Sequence[int]) -> np.ndarray:
    """One round's mined map from boolean per-class regions.

    Args:
        mined: (len(classes), H, W) bool, the region mined for each ground-truth class of the image.
        classes: the image's class indices, in the order of ``mined``.
    Returns:
        (H, W) uint8: c where only class c was mined, 255 where several were, 0 elsewhere.
    """
    out = np.zeros(mined.shape[1:], np.uint8)
    count = mined.sum(0)
    for region, c in zip(mined, classes):
        out[region] = c
    out[count > 1] = IGNORE
    return out


UNION_RULES = ('first_claim', 'conflict')


def union_of_rounds(maps: Sequence[np.ndarray], *, rule: str = 'first_claim') -> np.ndarray:
    """Union of mined maps over rounds, in round order.

    ``'first_claim'``: a later round only adds pixels no earlier round claimed. Round r trains and mines on
    images whose earlier regions are erased (filled with the mean pixel), so its claim on such a pixel comes
    from its CAM spreading over a grey patch, not from seeing the object: the earlier, unerased claim stands.
    ``'conflict'``: a pixel two rounds give different classes becomes 255 (ignore). Either way a pixel one
    round gave several classes (255 in that round's map) stays 255 unless an earlier round claimed it.
    """
    if rule not in UNION_RULES:
        raise ValueError(f'union rule must be one of {UNION_RULES}, got {rule!r}')
    out = np.zeros(maps[0].shape, np.uint8)
    for mined in maps:
        claimed = mined != 0
        fresh = claimed & (out == 0)
        if rule == 'conflict':
            out[claimed & ~fresh & (out != mined)] = IGNORE
        out[fresh] = mined[fresh]
    return out


def erase(image: np.ndarray, mined: np.ndarray, fill: Sequence[float]) -> np.ndarray:
    """A copy of ``image`` (H, W, 3) with every mined pixel (any non-zero value) set to ``fill``."""
    out = image.copy()
    out[mined != 0] = np.asarray(fill, dtype=np.float64).round().astype(image.dtype)
    return out


def assemble_mask(mined: np.ndarray, saliency: np.ndarray, *, bg_saliency: float = 0.06,
                  mined_min_saliency: float = 0.06) -> np.ndarray:
    """The segmentation target from mined regions and saliency.

    Args:
        mined: (H, W) union of the rounds' mined maps (0, class, or 255 = conflict).
        saliency: (H, W) normalized saliency in [0, 1].
        bg_saliency: un-mined pixels with saliency <= this are background (paper: 0.06).
        mined_min_saliency: mined pixels with saliency <= this are ignored (they look like background).
    Returns:
        (H, W) uint8: class for confidently mined pixels, 0 for background, 255 for conflicts,
        low-saliency mined pixels and everything else.
    """
    out = np.full(mined.shape, IGNORE, np.uint8)
    out[(mined == 0) & (saliency <= bg_saliency)] = 0
    keep = (mined != 0) & (mined != IGNORE) & (saliency > mined_min_saliency)
    out[keep] = mined[keep]
    return out


def confusion(pred: np.ndarray, gt: np.ndarray, num_classes: int, *, skip_pred_ignore: bool = False) -> np.ndarray:
    """(num_classes, num_classes + 1) counts of (gt class, predicted class); column num_classes counts
    pixels predicted 255. Pixels with gt 255 are skipped, and those predicted 255 when ``skip_pred_ignore``."""
    keep = pred != IGNORE if skip_pred_ignore else np.ones(pred.shape, bool)
    columns = np.where(pred == IGNORE, num_classes, pred)
    return confusion_matrix(columns[keep], gt[keep], num_classes, ignore_index=IGNORE, pred_columns=num_classes + 1)


def iou_summary(matrix: np.ndarray) -> dict:
    """mIoU (%, over classes present in gt or prediction), foreground recall (% of gt foreground pixels
    given their class), foreground precision (% of pixels given a foreground class that have it in gt) and
    labelled fraction (% of pixels not predicted 255) from :func:`confusion`."""
    hits = np.diag(matrix[:, :-1]).astype(np.float64)
    union = matrix.sum(1) + matrix[:, :-1].sum(0) - hits  # gt pixels predicted 255 count as misses
    with np.errstate(divide='ignore', invalid='ignore'):
        iou = np.where(union > 0, hits / np.maximum(union, 1), np.nan)
    fg = matrix[1:].sum()
    return dict(mIoU=round(float(np.nanmean(iou)) * 100, 2),
                fg_recall=round(float(hits[1:].sum() / max(fg, 1)) * 100, 2),
                fg_precision=round(float(hits[1:].sum() / max(matrix[:, 1:-1].sum(), 1)) * 100, 2),
                labelled=round(float(1 - matrix[:, -1].sum() / max(matrix.sum(), 1)) * 100, 2))
