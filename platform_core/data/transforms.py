"""Data transforms of the platform: label remapping and hiding pixel labels (scenarios insert them), the
shape predictions are scored at, class-to-attribute labels, packing."""
from typing import Mapping, Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.datasets.transforms import PackSegInputs

from ..registry import TRANSFORMS
from ..scenario.labels import IGNORE_INDEX, build_lut

__all__ = ['RemapLabels', 'ResetOriShape', 'DropPixelLabels', 'ClassesToAttributes', 'PackClsegInputs', 'pipeline_with']


@TRANSFORMS.register_module()
class RemapLabels(BaseTransform):
    """Map ``gt_seg_map`` (and ``image_labels`` if present) through a lookup table.

    Args:
        mapping: ``{source class: target class}``; classes not named go to ``fill`` (or stay as they are
            when ``fill`` is None). 255 stays 255 unless mapped.
        fill: target of every class not in ``mapping`` (0 = background shift, 255 = ignore).
    """

    def __init__(self, *, mapping: Mapping[int, int], fill: Optional[int] = 0) -> None:
        self.mapping = {int(k): int(v) for k, v in mapping.items()}
        self.fill = fill
        self.lut = build_lut(self.mapping, default=fill)

    def transform(self, results: dict) -> dict:
        if 'gt_seg_map' in results:
            results['gt_seg_map'] = self.lut[results['gt_seg_map']]
        if 'image_labels' in results:
            mapped = {int(self.lut[c]) for c in results['image_labels']}
            results['image_labels'] = sorted(mapped - {0, IGNORE_INDEX})
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(mapping={self.mapping}, fill={self.fill})'


@TRANSFORMS.register_module()
class ResetOriShape(BaseTransform):
    """Make the current image size the one predictions are scored at: ``ori_shape = img_shape``.

    The segmentor resizes its prediction to ``ori_shape``; after a ``Resize`` and ``CenterCrop`` of image and
    mask (WILSON's evaluation: short side 512, centre crop 512) the mask has the cropped size, so it must be
    that one. Put it after the last transform that changes the size.
    """

    def transform(self, results: dict) -> dict:
        if 'gt_seg_map' in results and results['gt_seg_map'].shape[:2] != results['img'].shape[:2]:
            raise ValueError(f"ResetOriShape: mask {results['gt_seg_map'].shape[:2]} and image "
                             f"{results['img'].shape[:2]} differ: load the annotations before resizing/cropping.")
        results['ori_shape'] = results['img'].shape[:2]
        return results


@TRANSFORMS.register_module()
class DropPixelLabels(BaseTransform):
    """Replace the pixel labels by 255 everywhere: the task gives image-level labels only, and the
    method must not see masks (evaluation pipelines do not use this)."""

    def transform(self, results: dict) -> dict:
        if 'gt_seg_map' in results:
            results['gt_seg_map'] = np.full_like(results['gt_seg_map'], IGNORE_INDEX)
        return results


@TRANSFORMS.register_module()
class ClassesToAttributes(BaseTransform):
    """Replace ``image_labels`` (foreground classes 1..C) by the attributes those classes carry, as ids
    1..A: the labels of attribute pretraining (an ImageNet stand-in that never sees the class names).

    Args:
        attributes: a (C + 1, A) 0/1 matrix, row c = class c (row 0 = background), as a ``.npy`` path or
            nested lists; None = SynthVOC's shape/texture matrix.
    """

    def __init__(self, attributes=None) -> None:
        if attributes is None:
            from .synthvoc import attribute_matrix
            matrix = attribute_matrix()
        elif isinstance(attributes, str):
            matrix = np.load(attributes)
        else:
            matrix = np.asarray(attributes)
        if matrix.ndim != 2 or not np.isin(matrix, (0, 1)).all():
            raise ValueError(f'ClassesToAttributes: attributes must be a 2-D 0/1 matrix (classes x attributes), '
                             f'got shape {matrix.shape}')
        self.matrix = matrix.astype(bool)

    def transform(self, results: dict) -> dict:
        classes = [int(c) for c in results['image_labels']]
        if any(not 0 < c < len(self.matrix) for c in classes):
            raise ValueError(f'ClassesToAttributes: image_labels {classes} outside 1..{len(self.matrix) - 1}')
        present = self.matrix[classes].any(0) if classes else np.zeros(self.matrix.shape[1], bool)
        results['image_labels'] = [int(a) + 1 for a in np.flatnonzero(present)]
        return results


def pipeline_with(pipeline: Sequence[dict], transform: dict, *, after: str = 'LoadAnnotations') -> list:
    """A copy of ``pipeline`` with ``transform`` inserted right after the first ``after`` step."""
    steps = [dict(step) for step in pipeline]
    for i, step in enumerate(steps):
        if step.get('type') == after:
            return steps[:i + 1] + [dict(transform)] + steps[i + 1:]
    raise ValueError(f'pipeline has no {after} step to insert {transform.get("type")} after: {steps}')


@TRANSFORMS.register_module()
class PackClsegInputs(PackSegInputs):
    """mmseg's PackSegInputs that also packs ``image_labels`` (a task's image-level labels) into the
    data sample's metainfo when the dataset provides them."""

    def __init__(self, meta_keys: Sequence[str] = PackSegInputs().meta_keys + ('image_labels',)) -> None:
        super().__init__(meta_keys=tuple(meta_keys))
