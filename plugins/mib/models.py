"""MiB's segmentor (Cermelli et al., CVPR 2020): any mmseg encoder and decode head; step 0 plain cross-entropy;
step t the unbiased cross-entropy and unbiased distillation from the frozen previous-step model, new classifier
rows initialised from the background's."""
from platform_core.models import IncrementalSegmentor
from platform_core.models.incremental import stack_targets
from platform_core.registry import MODELS

from . import losses as L

__all__ = ['MiBSegmentor']


@MODELS.register_module()
class MiBSegmentor(IncrementalSegmentor):
    """MiB. Losses at image resolution (logits upsampled bilinearly, as the released model does).

    Args:
        kd_weight: weight of the unbiased distillation (``--loss_kd 10``).
        kd_alpha: temperature-like factor on the old logits (``--alpha 1``).
        void_as_background: train void (255) pixels as background, as MiB's code does (its label transform maps
            255 to 0); False ignores them.
        init_new: ``'background'`` (MiB's ``init_balanced``, default) or ``'random'``.
        **kwargs: ``init_from``, ``num_old_classes`` (set per step by the plugin) and ``EncoderDecoder`` arguments.
    """

    def __init__(self, *, kd_weight: float = 10.0, kd_alpha: float = 1.0, void_as_background: bool = True,
                 init_new: str = 'background', **kwargs) -> None:
        super().__init__(init_new=init_new, with_teacher=True, **kwargs)
        self.kd_weight, self.kd_alpha, self.void_as_background = kd_weight, kd_alpha, void_as_background

    def method_losses(self, inputs, data_samples) -> dict:
        feats = self.extract_feat(inputs)
        logits = self.image_logits(self.decode_head(feats), inputs)               # (N, C, H, W)
        target = stack_targets(data_samples)                                      # (N, H, W)
        if self.void_as_background:
            target = target.masked_fill(target == L.IGNORE_INDEX, 0)
        if not self.num_old:
            losses = dict(loss_mib_ce=L.plain_ce(logits, target))
        else:
            old_logits = self.image_logits(self.teacher_logits(inputs), inputs)   # (N, num_old, H, W)
            losses = dict(loss_mib_ce=L.unbiased_ce(logits, target, self.num_old),
                          loss_mib_kd=self.kd_weight * L.unbiased_kd(logits, old_logits, self.kd_alpha))
        if self.with_auxiliary_head:
            losses.update(self._auxiliary_head_forward_train(feats, data_samples))
        return losses
