"""PLOP's segmentor (Douillard et al., CVPR 2021): any mmseg encoder and decode head; step 0 plain cross-entropy;
step t cross-entropy on labels whose background pixels carry the old model's confident predictions (weighted per
image), plus Local POD distillation of the encoder stages, the head's features and the logits."""
import math
from typing import Sequence

import torch

from platform_core.errors import ConfigError
from platform_core.models import IncrementalSegmentor
from platform_core.models.class_argmax import class_argmax
from platform_core.models.incremental import stack_targets
from platform_core.registry import MODELS

from . import losses as L
from .pod_maps import StageMaps
from .thresholds import entropy_histograms, median_thresholds

__all__ = ['PLOPSegmentor', 'check_head_features']


def check_head_features(head) -> None:
    """PLOP distils the decode head's features: the head needs mmseg's ``_forward_feature`` step before ``cls_seg``."""
    if not hasattr(head, '_forward_feature'):
        raise ConfigError(f"PLOP distils the decode head's features: {type(head).__name__} has no "
                          '_forward_feature (feature step before cls_seg); use an mmseg head that does.')


@MODELS.register_module()
class PLOPSegmentor(IncrementalSegmentor):
    """PLOP. Cross-entropy and pseudo-labels at image resolution, POD on the maps at their own resolution.

    Args:
        pod_feature_weight, pod_logits_weight: Local POD weights of each feature map (``pod_factor`` 0.01) and of
            the logits (0.0005); both x sqrt(seen / new classes).
        pod_scales: the pooling pyramid (1, 2, 4).
        pod_maps: ``'auto'`` (pre-activation stage maps of an mmseg ResNet, else the backbone's outputs),
            ``'pre_activation'`` or ``'outputs'``.
        threshold_floor: the least uncertainty threshold (``--threshold 0.001``, code units).
        exact_median: a true median of the uncertainty histogram instead of the code's approximation.
        init_new: ``'background'`` (MiB's initialisation, PLOP's ``init_balanced``, default) or ``'random'``.
        **kwargs: ``init_from``, ``num_old_classes`` (set per step by the plugin) and ``EncoderDecoder`` arguments.
    """

    def __init__(self, *, pod_feature_weight: float = 0.01, pod_logits_weight: float = 0.0005,
                 pod_scales: Sequence[int] = (1, 2, 4), pod_maps: str = 'auto', threshold_floor: float = 0.001,
                 exact_median: bool = False, init_new: str = 'background', **kwargs) -> None:
        super().__init__(init_new=init_new, with_teacher=True, **kwargs)
        self.pod_weights = dict(feature_weight=pod_feature_weight, logits_weight=pod_logits_weight)
        self.pod_scales, self.threshold_floor, self.exact_median = tuple(pod_scales), threshold_floor, exact_median
        check_head_features(self.decode_head)
        self.stage_maps = StageMaps(self.backbone, pod_maps)
        if self.num_old:
            self.teacher_maps = StageMaps(self.teacher.backbone, pod_maps)
            # per old class; NaN until PLOPThresholdHook fills it (kept in the step's checkpoint for resume)
            self.register_buffer('pseudo_thresholds', torch.full((self.num_old,), math.nan))

    def set_thresholds(self, hist: torch.Tensor) -> None:
        thresholds = median_thresholds(hist, floor=self.threshold_floor, exact=self.exact_median)
        self.pseudo_thresholds.copy_(thresholds)

    def background_histogram(self, inputs: torch.Tensor, data_samples: list) -> torch.Tensor:
        """(num_old, bins) histogram of the old model's uncertainty at background pixels, per its class."""
        old_logits = self.image_logits(self.teacher_logits(inputs), inputs)        # (N, num_old, H, W)
        background = stack_targets(data_samples) == 0
        certainty = L.normalized_entropy(old_logits, self.decode_head.num_classes)
        return entropy_histograms(certainty[background], class_argmax(old_logits)[background], self.num_old)

    def _maps_and_logits(self, backbone, neck, head, maps: StageMaps, inputs: torch.Tensor):
        feats, stage = maps(backbone, inputs)
        if neck is not None:
            feats = neck(feats)
        head_feat = head._forward_feature(feats)
        return feats, [*stage, head_feat], head.cls_seg(head_feat)

    def method_losses(self, inputs, data_samples) -> dict:
        feats, maps, small = self._maps_and_logits(self.backbone, getattr(self, 'neck', None), self.decode_head,
                                                   self.stage_maps, inputs)
        logits = self.image_logits(small, inputs)                                   # (N, C, H, W)
        target = stack_targets(data_samples)                                        # (N, H, W)
        losses = self._step_losses(inputs, target, maps, small, logits) if self.num_old \
            else dict(loss_plop_ce=L.weighted_ce(logits, target, torch.ones(len(target), device=logits.device)))
        if self.with_auxiliary_head:
            losses.update(self._auxiliary_head_forward_train(feats, data_samples))
        return losses

    def _step_losses(self, inputs, target, maps, small, logits) -> dict:
        if bool(torch.isnan(self.pseudo_thresholds).any()):
            raise ConfigError('PLOP: the pseudo-label thresholds were not computed before training: the plop '
                              "plugin adds PLOPThresholdHook to custom_hooks; is 'plop' in the config's plugins?")
        teacher = self.teacher
        with torch.no_grad():
            _, old_maps, old_small = self._maps_and_logits(teacher.backbone, getattr(teacher, 'neck', None),
                                                           teacher.decode_head, self.teacher_maps, inputs)
        num_seen = logits.shape[1]
        labels, nu = L.pseudo_labels(target, self.image_logits(old_small, inputs), self.pseudo_thresholds, num_seen)
        pod = L.local_pod_loss([*old_maps, old_small], [*maps, L.merge_new_into_background(small, self.num_old)],
                               num_seen=num_seen, num_new=num_seen - self.num_old, scales=self.pod_scales,
                               **self.pod_weights)
        return dict(loss_plop_ce=L.weighted_ce(logits, labels, nu), loss_plop_pod=pod,
                    plop_kept=nu.mean().detach())
