"""Checks on every loaded sample of a real dataset: mask values in the class range and image/mask sizes
agree, each failure naming the files. Datasets insert the check right after ``LoadAnnotations``."""
from typing import Any

import numpy as np
from mmcv.transforms import BaseTransform

from ..errors import DatasetError
from ..registry import TRANSFORMS

__all__ = ['CheckSegSample', 'insert_sample_check']


@TRANSFORMS.register_module()
class CheckSegSample(BaseTransform):
    """Raise ``DatasetError`` naming the files when a loaded mask has values outside
    ``[0, num_classes) + {ignore_index}`` or a size other than its image's.

    Args:
        num_classes: number of labels of the dataset after ``reduce_zero_label`` (background included
            where the dataset has one).
        ignore_index: the ignore label (255).
        convert_hint: what to run to (re)build the masks, appended to the message.
    """

    def __init__(self, *, num_classes: int, ignore_index: int = 255, convert_hint: str = '') -> None:
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.convert_hint = convert_hint

    def transform(self, results: dict) -> dict:
        if 'gt_seg_map' not in results:
            return results
        mask = results['gt_seg_map']
        files = f"mask {results.get('seg_map_path')} (image {results.get('img_path')})"
        image_shape = tuple(results.get('ori_shape') or results['img'].shape[:2])
        if tuple(mask.shape[:2]) != image_shape:
            raise DatasetError(f'{files}: mask size {tuple(mask.shape[:2])} differs from the image size '
                               f'{image_shape} (height, width). The mask does not belong to this image or '
                               f'was resized: rebuild it. {self.convert_hint}')
        bad = np.unique(mask[(mask >= self.num_classes) & (mask != self.ignore_index)])
        if bad.size:
            raise DatasetError(f'{files}: mask values {bad[:10].tolist()} are outside the class range '
                               f'0..{self.num_classes - 1} (and {self.ignore_index} = ignore). Is it a colour '
                               f'PNG instead of class indices, or the wrong label convention '
                               f'(reduce_zero_label)? {self.convert_hint}')
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(num_classes={self.num_classes}, ignore_index={self.ignore_index})'


def insert_sample_check(pipeline: Any, check: CheckSegSample) -> None:
    """Put ``check`` right after the first ``LoadAnnotations`` of a built mmengine ``Compose``
    (in place; pipelines without annotations are left alone)."""
    transforms = getattr(pipeline, 'transforms', None)
    if transforms is None:
        return
    for i, step in enumerate(transforms):
        if type(step).__name__ == 'LoadAnnotations':
            transforms.insert(i + 1, check)
            return
