"""WILSON's evaluation view: short side resized, centre crop, scored at the crop (ResetOriShape)."""
import numpy as np
import pytest
from mmengine.dataset import Compose
from mmengine.registry import init_default_scope
from PIL import Image

import platform_core.data  # noqa: F401  (registers the transforms)

LOAD_IMAGE, LOAD_MASK = dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')
VIEW = [dict(type='Resize', scale=(2048, 64), keep_ratio=True), dict(type='CenterCrop', crop_size=64)]


def run(steps, sample):
    init_default_scope('mmseg')
    return Compose(steps)(dict(sample))


@pytest.fixture
def sample(tmp_path):
    img, mask = tmp_path / 'a.jpg', tmp_path / 'a.png'
    Image.fromarray(np.zeros((40, 60, 3), np.uint8)).save(img)
    labels = np.zeros((40, 60), np.uint8)
    labels[:, :30] = 1  # left half class 1: the centre crop keeps both halves equally
    Image.fromarray(labels).save(mask)
    return dict(img_path=str(img), seg_map_path=str(mask), seg_fields=[], reduce_zero_label=False)


def test_mask_and_scored_shape_are_the_centre_crop(sample):
    out = run([LOAD_IMAGE, LOAD_MASK, *VIEW, dict(type='ResetOriShape'), dict(type='PackClsegInputs')], sample)
    seg = out['data_samples'].gt_sem_seg.data[0]
    assert out['data_samples'].metainfo['ori_shape'] == (64, 64) and tuple(seg.shape) == (64, 64)
    # 40x60 -> 64x96 (short side 64), crop columns 16..80: class 1 on the first 32 of them
    assert (seg[:, :32] == 1).all() and (seg[:, 32:] == 0).all()


def test_mask_loaded_after_the_crop_is_refused(sample):
    with pytest.raises(ValueError, match='load the annotations before resizing'):
        run([LOAD_IMAGE, *VIEW, LOAD_MASK, dict(type='ResetOriShape')], sample)
