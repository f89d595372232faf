"""Pipeline steps of AE-PSL: erase earlier rounds' mined regions, load the assembled pseudo masks."""
import os.path as osp
from typing import Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from PIL import Image

from platform_core.errors import DatasetError
from platform_core.registry import TRANSFORMS

from .masks import erase, union_of_rounds

__all__ = ['EraseMinedRegions', 'LoadPseudoMask', 'image_id']


def image_id(results: dict) -> str:
    return osp.splitext(osp.basename(results['img_path']))[0]


def read_label_png(path: str) -> np.ndarray:
    try:
        return np.asarray(Image.open(path))
    except Exception as exc:  # PIL raises several types for unreadable files
        raise DatasetError(f'could not read {path}: {type(exc).__name__}: {exc}. Delete it and resume the '
                           'run to regenerate it.') from exc


@TRANSFORMS.register_module()
class EraseMinedRegions(BaseTransform):
    """Fill the union of the regions mined in earlier rounds with the mean pixel (AE, section 3.1).

    Args:
        mined_dirs: folders of ``<id>.png`` mined maps (one per earlier round); a missing file = nothing mined.
        fill_rgb: the fill colour in RGB (converted to the loaded image's BGR order).
    """

    def __init__(self, *, mined_dirs: Sequence[str], fill_rgb: Sequence[float]) -> None:
        self.mined_dirs = list(mined_dirs)
        self.fill_bgr = list(fill_rgb)[::-1]

    def transform(self, results: dict) -> dict:
        name = image_id(results)
        paths = [osp.join(d, f'{name}.png') for d in self.mined_dirs]
        maps = [read_label_png(p) for p in paths if osp.isfile(p)]
        if maps:
            results['img'] = erase(results['img'], union_of_rounds(maps), self.fill_bgr)
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(mined_dirs={self.mined_dirs}, fill_bgr={self.fill_bgr})'


@TRANSFORMS.register_module()
class LoadPseudoMask(BaseTransform):
    """Replace ``gt_seg_map`` with the pseudo mask ``<folder>/<id>.png`` (AE-PSL's assembled masks);
    put it after ``DropPixelLabels`` so the method never sees the real masks."""

    def __init__(self, *, folder: str) -> None:
        self.folder = folder

    def transform(self, results: dict) -> dict:
        path = osp.join(self.folder, f'{image_id(results)}.png')
        if not osp.isfile(path):
            raise DatasetError(f'no pseudo mask {path}: the erasing rounds did not finish. Resume the run '
                               '(--resume) so they complete.')
        results['gt_seg_map'] = read_label_png(path).copy()
        results.setdefault('seg_fields', [])
        if 'gt_seg_map' not in results['seg_fields']:
            results['seg_fields'].append('gt_seg_map')
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(folder={self.folder!r})'
