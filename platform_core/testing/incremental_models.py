"""Tiny class-incremental segmentors for model tests (mmseg ResNetV1c-18 at 8 base channels, ASPP or PSP head)."""
import torch
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

from ..registry import MODELS

__all__ = ['TINY_HEADS', 'build_tiny', 'tiny_samples']

NORM = dict(type='BN', requires_grad=True)
BACKBONE = dict(type='ResNetV1c', depth=18, stem_channels=8, base_channels=8, out_indices=(0, 1, 2, 3),
                dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), norm_cfg=NORM, contract_dilation=True)
TINY_HEADS = {
    'ASPPHead': dict(type='ASPPHead', in_channels=64, in_index=3, channels=16, dilations=(1, 2)),
    'PSPHead': dict(type='PSPHead', in_channels=64, in_index=3, channels=16, pool_scales=(1, 2)),
}


def build_tiny(model_type: str, head: str, num_classes: int, **kwargs):
    """``model_type`` (a registered segmentor) on the tiny backbone with ``head`` and ``num_classes`` outputs."""
    decode_head = dict(TINY_HEADS[head], num_classes=num_classes, norm_cfg=NORM, align_corners=False,
                       loss_decode=dict(type='CrossEntropyLoss'))
    return MODELS.build(dict(type=model_type, backbone=BACKBONE, decode_head=decode_head, **kwargs))


def tiny_samples(num_classes: int, batch: int = 2, size: int = 32) -> list:
    """``batch`` SegDataSamples of random labels in [0, num_classes) with a few void (255) pixels."""
    out = []
    for _ in range(batch):
        sample = SegDataSample(metainfo=dict(img_shape=(size, size), pad_shape=(size, size)))
        label = torch.randint(0, num_classes, (1, size, size))
        label[:, :2] = 255
        sample.gt_sem_seg = PixelData(data=label)
        out.append(sample)
    return out
