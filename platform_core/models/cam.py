"""Class activation maps (Zhou et al., CVPR 2016): a GAP + fc classification head over any backbone,
the CAM of each class, their normalization and the top-of-range threshold that mines object regions.
Shared by weakly supervised methods (AE-PSL mines regions with it; others may use it as a seed)."""
import math
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModel
from mmengine.structures import PixelData
from torch import Tensor, nn

from ..errors import ConfigError
from ..registry import MODELS
from .class_argmax import class_argmax
from .plugin_losses import PluginLossMixin

__all__ = ['GAPClassifierHead', 'class_activation_maps', 'normalize_cams', 'top_range_mask',
           'multi_hot', 'CAMClassifier']


class GAPClassifierHead(nn.Module):
    """Global average pooling then a linear layer: (N, K, h, w) -> (N, C) logits.

    Args:
        prior: when given, the fc bias starts at logit(prior), so a fresh head predicts each class with the
            probability an image has it (the class prior) instead of 0.5: the multi-label loss then starts at
            the prior's entropy and its gradients go to telling classes apart, not to learning the prior.
    """

    def __init__(self, *, in_channels: int, num_classes: int, prior: Optional[float] = None) -> None:
        super().__init__()
        self.fc = nn.Linear(in_channels, num_classes)
        if prior is not None:
            if not 0 < prior < 1:
                raise ConfigError(f'the classifier prior must be a probability in (0, 1), got {prior}.')
            nn.init.constant_(self.fc.bias, math.log(prior / (1 - prior)))

    def forward(self, features: Tensor) -> Tensor:
        return self.fc(features.mean(dim=(2, 3)))  # (N, K) -> (N, C)

    def cams(self, features: Tensor) -> Tensor:
        return class_activation_maps(features, self.fc.weight)


def class_activation_maps(features: Tensor, weight: Tensor) -> Tensor:
    """CAM_c = sum_k w_ck f_k: (N, K, h, w) features, (C, K) fc weights -> (N, C, h, w).

    The fc bias is left out: it shifts every pixel of a class map alike and vanishes in normalization.
    """
    return torch.einsum('nkhw,ck->nchw', features, weight)


def normalize_cams(cams: Tensor, *, mode: str = 'minmax') -> Tensor:
    """Scale each (image, class) map to [0, 1]: ``'minmax'`` = (x - min) / (max - min) (the CAM range);
    ``'max'`` = relu(x) / max (the CAM-paper convention)."""
    flat = cams.flatten(2)  # (N, C, h*w)
    if mode == 'minmax':
        low, high = flat.min(-1, keepdim=True).values, flat.max(-1, keepdim=True).values
        flat = (flat - low) / (high - low).clamp_min(1e-12)
    elif mode == 'max':
        flat = flat.clamp_min(0)
        flat = flat / flat.max(-1, keepdim=True).values.clamp_min(1e-12)
    else:
        raise ConfigError(f"cam normalization must be 'minmax' or 'max', got {mode!r}.")
    return flat.view_as(cams)


def top_range_mask(normalized: Tensor, *, top_fraction: float = 0.2) -> Tensor:
    """Pixels in the top ``top_fraction`` of a normalized map's range (AE-PSL: 20%): value >= 1 - fraction."""
    if not 0 < top_fraction <= 1:
        raise ConfigError(f'top_fraction must be in (0, 1], got {top_fraction}.')
    return normalized >= 1 - top_fraction - 1e-6


def multi_hot(labels: list, num_classes: int, *, offset: int = 1, device=None) -> Tensor:
    """(N, num_classes) float targets from per-image class lists; class c -> column c - offset."""
    target = torch.zeros(len(labels), num_classes, device=device)
    for row, classes in enumerate(labels):
        for c in classes:
            target[row, int(c) - offset] = 1
    return target


@MODELS.register_module()
class CAMClassifier(PluginLossMixin, BaseModel):
    """A multi-label image classifier (any backbone + GAP + fc) whose CAMs locate each class.

    Args:
        backbone: an mmseg backbone config.
        in_channels: channels of the backbone output used (``in_index``).
        num_classes: foreground classes; class c of the data samples' ``image_labels`` is column c - 1.
        in_index: which backbone output feeds the head.
        cam_norm: ``'minmax'`` or ``'max'`` (see :func:`normalize_cams`).
        prior: start the fc bias at logit(prior) (see :class:`GAPClassifierHead`); e.g. the mean number of
            classes per training image over ``num_classes``. None: PyTorch's default initialization.
        predict_bg_score: in ``predict``, background wins where every predicted class's normalized CAM is
            below it (a CAM-only segmentation for inspection).
        pretrained: a local checkpoint of backbone weights (as mmseg's ``pretrained``).
    """

    def __init__(self, *, backbone: dict, in_channels: int, num_classes: int, in_index: int = -1,
                 cam_norm: str = 'minmax', prior: Optional[float] = None, predict_bg_score: float = 0.5,
                 pretrained: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None, init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(dict(backbone, pretrained=pretrained) if pretrained else backbone)
        self.cls_head = GAPClassifierHead(in_channels=in_channels, num_classes=num_classes, prior=prior)
        self.num_classes, self.in_index = num_classes, in_index
        self.cam_norm, self.predict_bg_score = cam_norm, predict_bg_score

    def extract_feat(self, inputs: Tensor) -> Tensor:
        return self.backbone(inputs)[self.in_index]  # (N, K, h, w)

    def forward(self, inputs: Tensor, data_samples: Optional[list] = None, mode: str = 'tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        return self.cls_head(self.extract_feat(inputs))

    def method_losses(self, inputs: Tensor, data_samples: list) -> dict:
        """Multi-label sigmoid cross-entropy against the samples' ``image_labels``."""
        logits = self.cls_head(self.extract_feat(inputs))
        target = multi_hot([s.metainfo['image_labels'] for s in data_samples], self.num_classes,
                           device=logits.device)
        return {'loss_cls': F.binary_cross_entropy_with_logits(logits, target)}

    def cams(self, inputs: Tensor) -> tuple[Tensor, Tensor]:
        """(N, C) class scores (sigmoid) and (N, C, H, W) normalized CAMs upsampled to the input size."""
        features = self.extract_feat(inputs)
        cams = F.interpolate(self.cls_head.cams(features), size=inputs.shape[2:], mode='bilinear',
                             align_corners=False)
        return self.cls_head(features).sigmoid(), normalize_cams(cams, mode=self.cam_norm)

    def predict(self, inputs: Tensor, data_samples: list) -> list:
        """CAM-only segmentation: argmax over [bg score, CAMs of classes scored >= 0.5]."""
        scores, cams = self.cams(inputs)
        cams = cams * (scores >= 0.5)[:, :, None, None]
        bg = torch.full_like(cams[:, :1], self.predict_bg_score)
        labels = class_argmax(torch.cat([bg, cams], 1))  # (N, H, W), class index = column + 1
        for sample, label in zip(data_samples, labels):
            h, w = sample.metainfo['img_shape']
            label = label[None, None, :h, :w].float()
            label = F.interpolate(label, size=sample.metainfo['ori_shape'], mode='nearest')[0].long()
            sample.pred_sem_seg = PixelData(data=label)
        return data_samples
