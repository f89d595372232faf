"""PSL segmentation network: any mmseg backbone + decode head, plus an image classification branch
(GAP + fc) whose scores weight the online prohibitive mask and prohibit absent classes at test time
(Wei et al., CVPR 2017, section 3.2)."""
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from platform_core.errors import ConfigError
from platform_core.models import ContinualSegmentor, current_iter
from platform_core.models.cam import GAPClassifierHead, multi_hot
from platform_core.models.crf import DenseCRF, denormalize
from platform_core.models.head_loss import bilinear_resize
from platform_core.registry import MODELS

from .losses import (foreground_kept, normalized_cross_entropy, online_prohibitive_mask, prohibit_at_test_time,
                     psl_class_weights)

__all__ = ['PSLSegmentor', 'PSL_WEIGHTS']

PSL_WEIGHTS = ('scores', 'labels')


@MODELS.register_module()
class PSLSegmentor(ContinualSegmentor):
    """Prohibitive segmentation learning.

    loss = cls_weight * BCE(cls, image labels) + ae_weight * CE(f, AE mask) + psl_weight * CE(f, S^),
    each CE normalized by its labelled pixels; S^ = argmax [1, v] (x) softmax(f) (online, per batch).

    Args:
        cls_in_channels: channels of the backbone output the classification branch pools.
        cls_in_index: which backbone output it pools (the last by default).
        cls_prior: start the classification branch's bias at logit(prior) (``GAPClassifierHead``); None:
            PyTorch's default. The online mask weighs present classes by this branch's scores, so a branch
            that starts at 0.5 for every class and must first unlearn it gives a background mask for longer.
        psl_weights: ``'scores'`` (paper: v = the branch's sigmoid scores of the labelled classes) or
            ``'labels'`` (v = the image labels: every labelled class weight 1; also weak supervision).
        cls_weight, ae_weight, psl_weight: loss weights (``psl_weight=0, test_prohibit_threshold=None``
            is "training on the AE masks alone").
        psl_start_iter: first iteration with the PSL term (the paper leaves it open; 0 = from the start, as
            read literally). Before it the online mask S^ comes from an untrained head and favours background.
        psl_gate: the PSL term counts on a batch only when S^ keeps at least this fraction of the foreground
            pixels the network itself predicts (``losses.foreground_kept``); None: always (the paper). S^ weighs
            background 1 and a present class by v_c < 1, so where the network is not yet confident S^ is
            background, and training on it spreads background over the objects (measured: plugin README).
        test_prohibit_threshold: at test time, foreground classes scored below it are zeroed (paper 0.1);
            None disables.
        crf: dense CRF post-processing at test time (``platform_core.models.crf.DenseCRF`` options; ``{}`` =
            DeepLab's values; None = off). Needs the optional package pydensecrf2 (extra ``crf``).
        backbone, decode_head, auxiliary_head, data_preprocessor, train_cfg, test_cfg, pretrained,
            init_cfg: as mmseg's EncoderDecoder.
    """

    def __init__(self, *, backbone: dict, decode_head: dict, cls_in_channels: int, cls_in_index: int = -1,
                 cls_prior: Optional[float] = None, psl_weights: str = 'scores',
                 cls_weight: float = 1.0, ae_weight: float = 1.0, psl_weight: float = 1.0, psl_start_iter: int = 0,
                 psl_gate: Optional[float] = None,
                 test_prohibit_threshold: Optional[float] = 0.1, crf: Optional[dict] = None,
                 auxiliary_head: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None, train_cfg: Optional[dict] = None,
                 test_cfg: Optional[dict] = None, pretrained: Optional[str] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(backbone=backbone, decode_head=decode_head, auxiliary_head=auxiliary_head,
                         data_preprocessor=data_preprocessor, train_cfg=train_cfg, test_cfg=test_cfg,
                         pretrained=pretrained, init_cfg=init_cfg)
        self.cls_head = GAPClassifierHead(in_channels=cls_in_channels, num_classes=self.num_classes - 1,
                                          prior=cls_prior)
        if psl_weights not in PSL_WEIGHTS:
            raise ConfigError(f'PSLSegmentor: psl_weights must be one of {PSL_WEIGHTS}, got {psl_weights!r}.')
        self.psl_weights = psl_weights
        self.cls_in_index = cls_in_index
        self.cls_weight, self.ae_weight, self.psl_weight = cls_weight, ae_weight, psl_weight
        self.psl_start_iter, self.psl_gate = psl_start_iter, psl_gate
        self.test_prohibit_threshold = test_prohibit_threshold
        self.crf = None if crf is None else DenseCRF(**crf)

    def method_losses(self, inputs: Tensor, data_samples: list) -> dict:
        feats = self.extract_feat(inputs)
        seg_logits = bilinear_resize(self.decode_head(feats), inputs.shape[2:], self.align_corners)  # (N, C, H, W)
        target = torch.stack([s.gt_sem_seg.data[0] for s in data_samples]).long()  # (N, H, W)
        labels = multi_hot([s.metainfo['image_labels'] for s in data_samples], self.num_classes - 1,
                           device=inputs.device)
        cls_logits = self.cls_head(feats[self.cls_in_index])  # (N, C-1)
        losses = {'loss_aepsl_cls': self.cls_weight * F.binary_cross_entropy_with_logits(cls_logits, labels),
                  'loss_aepsl_ae': self.ae_weight * normalized_cross_entropy(seg_logits, target)}
        if self.psl_weight > 0 and current_iter() >= self.psl_start_iter:
            losses.update(self._psl_loss(seg_logits, cls_logits, labels))
        if self.with_auxiliary_head:
            losses.update(self._auxiliary_head_forward_train(feats, data_samples))
        return losses

    def _psl_loss(self, seg_logits: Tensor, cls_logits: Tensor, labels: Tensor) -> dict:
        """CE(f, S^) (times 0 on a batch the gate keeps closed) and, logged, S^'s foreground share (%) and
        the share of the network's own foreground it keeps (%)."""
        online = online_prohibitive_mask(seg_logits, psl_class_weights(cls_logits, labels, self.psl_weights))
        kept = foreground_kept(online, seg_logits)
        gate_open = self.psl_gate is None or bool(kept >= self.psl_gate)
        return {'loss_aepsl_psl': self.psl_weight * float(gate_open) * normalized_cross_entropy(seg_logits, online),
                'aepsl_online_fg': (online > 0).float().mean() * 100, 'aepsl_online_kept': kept * 100}

    def predict(self, inputs: Tensor, data_samples: Optional[list] = None) -> list:
        """Whole-image inference; classes the classification branch scores below the threshold are zeroed."""
        metas = [s.metainfo for s in data_samples] if data_samples else [
            dict(ori_shape=inputs.shape[2:], img_shape=inputs.shape[2:], pad_shape=inputs.shape[2:],
                 padding_size=[0, 0, 0, 0])] * inputs.shape[0]
        feats = self.extract_feat(inputs)
        probs = self.decode_head.predict(feats, metas, self.test_cfg).softmax(dim=1)  # (N, C, H, W)
        if self.test_prohibit_threshold is not None:
            scores = self.cls_head(feats[self.cls_in_index]).sigmoid()
            probs = prohibit_at_test_time(probs, scores, self.test_prohibit_threshold)
        if self.crf is not None:
            probs = self._refine(inputs, probs)
        return self.postprocess_result(probs, data_samples)

    def _refine(self, inputs: Tensor, probs: Tensor) -> Tensor:
        """Dense CRF on each image's (renormalized) probabilities, at input resolution."""
        pre = self.data_preprocessor
        images = denormalize(inputs, pre.mean.flatten(), pre.std.flatten(), pre.channel_conversion)
        probs = probs / probs.sum(1, keepdim=True).clamp_min(1e-8)  # prohibition zeroed some classes
        refined = [self.crf(image, p.float().cpu().numpy()) for image, p in zip(images, probs)]
        return torch.as_tensor(np.stack(refined), device=probs.device)
