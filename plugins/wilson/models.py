"""WILSON's segmentor (Cermelli et al., CVPR 2022): encoder + any mmseg decode head whose classifier grows
per step; step 0 trained with per-class BCE; steps > 0 learn new classes from image labels through a
localizer on the encoder, distilling a frozen copy of the previous step's model."""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.logging import print_log
from torch import nn

from platform_core.models import ContinualSegmentor, current_iter
from platform_core.models.grow import read_state_dict
from platform_core.models.head_loss import bilinear_resize
from platform_core.models.incremental import stack_targets
from platform_core.models.pamr import PAMR
from platform_core.models.teacher import Teacher, load_student
from platform_core.registry import MODELS

from . import losses as L

__all__ = ['WILSONSegmentor', 'Localizer', 'image_label_matrix']


class Localizer(nn.Sequential):
    """conv3x3 -> channels, conv3x3 channels (BN + leaky ReLU after each), conv1x1 -> num_classes."""

    def __init__(self, *, in_channels: int, channels: int, num_classes: int, norm_cfg: dict) -> None:
        act = dict(type='LeakyReLU', negative_slope=0.01)
        super().__init__(
            ConvModule(in_channels, channels, 3, padding=1, bias=False, norm_cfg=norm_cfg, act_cfg=act),
            ConvModule(channels, channels, 3, padding=1, bias=False, norm_cfg=norm_cfg, act_cfg=act),
            nn.Conv2d(channels, num_classes, 1))


def image_label_matrix(data_samples: list, num_classes: int, num_old: int, device: torch.device) -> torch.Tensor:
    """(N, C) multi-hot of each sample's ``image_labels`` (model channels), old and background columns zeroed."""
    labels = torch.zeros(len(data_samples), num_classes, device=device)
    for i, sample in enumerate(data_samples):
        for c in sample.metainfo.get('image_labels', ()):
            if num_old <= c < num_classes:
                labels[i, c] = 1
    return labels


@MODELS.register_module()
class WILSONSegmentor(ContinualSegmentor):
    """WILSON. Step 0 (``num_old_classes=0``): per-class BCE on pixel labels. Step t: L_CLS + L_LOC + L_ENC,
    and from ``seg_start_iter`` on L_SEG + L_SSS (PROTOCOLS.md), against a frozen teacher.

    Args:
        backbone, decode_head: mmseg configs (any decode head; its ``conv_seg`` is the growing classifier).
        num_old_classes: channels of the previous step's model (background + old classes); 0 at step 0.
        init_from: the previous step's checkpoint: the student starts from it (old classifier rows copied)
            and the teacher is a frozen copy of it. Set per step by the plugin.
        localizer_channels: width of the localizer (256 in the paper).
        seg_start_iter: iteration of the step from which L_SEG and L_SSS apply (paper: epoch 5 of 40).
        alpha: weight of the hard pseudo-label in q.
        ngwp_eps: the 1 in nGWP's denominator.
        pamr_iters, pamr_dilations: PAMR refinement for L_SSS.
        loss_weights: weights of 'cls', 'loc', 'enc', 'seg', 'sss' (all 1).
        **kwargs: other ``EncoderDecoder`` arguments.
    """

    def __init__(self, *, backbone: dict, decode_head: dict, num_old_classes: int = 0,
                 init_from: Optional[str] = None, localizer_channels: int = 256, seg_start_iter: int = 0,
                 alpha: float = 0.5, ngwp_eps: float = 1.0, pamr_iters: int = 10,
                 pamr_dilations: Sequence[int] = (1, 2, 4, 8, 12), loss_weights: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(backbone=backbone, decode_head=decode_head, **kwargs)
        self.num_old, self.init_from = num_old_classes, init_from
        self.seg_start_iter, self.alpha, self.ngwp_eps = seg_start_iter, alpha, ngwp_eps
        self.loss_weights = dict(cls=1.0, loc=1.0, enc=1.0, seg=1.0, sss=1.0, **(loss_weights or {}))
        if num_old_classes:
            head = self.decode_head
            in_channels = head.in_channels if isinstance(head.in_channels, int) else head.in_channels[-1]
            self.localizer = Localizer(in_channels=in_channels, channels=localizer_channels,
                                       num_classes=head.num_classes, norm_cfg=decode_head.get('norm_cfg') or {})
            self.teacher = Teacher(backbone=backbone, decode_head=decode_head, num_old_classes=num_old_classes)
            self.pamr = PAMR(num_iter=pamr_iters, dilations=pamr_dilations)

    def init_weights(self) -> None:
        super().init_weights()
        if not self.init_from:
            return
        state = read_state_dict(self.init_from)  # a resumed step reloads its own checkpoint after this
        grown = load_student(self, state)
        self.teacher.load(state)
        print_log(f'wilson: student and teacher loaded from {self.init_from}; grown: {grown}', logger='current')

    def method_losses(self, inputs: torch.Tensor, data_samples: list) -> dict:
        feats = self.extract_feat(inputs)
        losses = self._base_losses(inputs, feats, data_samples) if not self.num_old \
            else self._incremental_losses(inputs, feats, data_samples)
        if self.with_auxiliary_head and not self.num_old:
            losses.update(self._auxiliary_head_forward_train(feats, data_samples))
        return losses

    def _base_losses(self, inputs: torch.Tensor, feats: list, data_samples: list) -> dict:
        logits = self.decode_head(feats)                                       # (N, C, h, w)
        logits = bilinear_resize(logits, inputs.shape[-2:], self.align_corners)
        target = stack_targets(data_samples)                                   # (N, H, W)
        return dict(loss_wilson_bce=L.bce_with_ignore(logits, target))

    def _incremental_losses(self, inputs: torch.Tensor, feats: list, data_samples: list) -> dict:
        with torch.no_grad():
            old_feats = self.teacher.backbone(inputs)
            old_logits = self.teacher.decode_head(old_feats)                # (N, C_old, h, w)
        z = self.localizer(feats[-1])                                          # (N, C, h, w)
        logits = _resize(self.decode_head(feats), z)                           # (N, C, h, w)
        old_logits = _resize(old_logits, z)
        labels = image_label_matrix(data_samples, z.shape[1], self.num_old, z.device)
        w = self.loss_weights
        losses = dict(loss_wilson_cls=w['cls'] * L.cls_loss(z, labels, self.num_old, eps=self.ngwp_eps),
                      loss_wilson_loc=w['loc'] * L.loc_loss(z, old_logits),
                      loss_wilson_enc=w['enc'] * L.enc_loss(feats[-1], old_feats[-1]))
        if current_iter() < self.seg_start_iter:
            zero = logits.sum() * 0  # keeps every parameter in the graph (DDP)
            return dict(losses, loss_wilson_seg=zero, loss_wilson_sss=zero)
        m = F.softmax(z, dim=1).detach()
        q = L.soft_pseudo_labels(m, labels, alpha=self.alpha)
        target = L.seg_target(q, torch.sigmoid(old_logits))
        losses['loss_wilson_seg'] = w['seg'] * L.seg_loss(logits, target, q, labels, self.num_old)
        image = F.interpolate(inputs, size=z.shape[-2:], mode='bilinear', align_corners=True)
        refined = self.pamr(image, m) * _fg_mask(labels)[:, :, None, None]     # (N, C, h, w)
        pseudo = L.pseudo_gt_mask(refined)
        losses['loss_wilson_sss'] = w['sss'] * L.balanced_mask_ce(z, pseudo, labels)
        return losses


def _resize(x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    if x.shape[-2:] == like.shape[-2:]:
        return x
    return F.interpolate(x, size=like.shape[-2:], mode='bilinear', align_corners=False)


def _fg_mask(labels: torch.Tensor) -> torch.Tensor:
    """Image labels with the background column set: the channels a refined mask may keep."""
    mask = labels.clone()
    mask[:, 0] = 1
    return mask
