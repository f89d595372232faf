"""The core segmentor: mmseg's EncoderDecoder whose ``loss()`` lets active plugins add losses."""
from mmengine.logging import MessageHub
from mmseg.models import EncoderDecoder
from mmseg.utils import add_prefix
from torch import nn

from ..registry import MODELS
from .head_loss import head_loss
from .plugin_losses import PluginLossMixin

__all__ = ['ContinualSegmentor', 'current_iter']


def current_iter() -> int:
    """The training iteration (mmengine's RuntimeInfoHook keeps it in the message hub; resumed runs too)."""
    return int(MessageHub.get_current_instance().get_info('iter') or 0)


@MODELS.register_module()
class ContinualSegmentor(PluginLossMixin, EncoderDecoder):
    """mmseg's EncoderDecoder (backbone, decode head, auxiliary heads, slide/whole inference) plus the
    ``clseg_extra_losses`` hook (:class:`PluginLossMixin`). Methods that need more subclass it and override
    ``method_losses``. Heads' losses are mmseg's, computed
    through ``head_loss`` (faster CPU kernels for the same values)."""

    def _decode_head_forward_train(self, inputs: list, data_samples: list) -> dict:
        return add_prefix(head_loss(self.decode_head, inputs, data_samples, self.train_cfg), 'decode')

    def _auxiliary_head_forward_train(self, inputs: list, data_samples: list) -> dict:
        if not isinstance(self.auxiliary_head, nn.ModuleList):
            return add_prefix(head_loss(self.auxiliary_head, inputs, data_samples, self.train_cfg), 'aux')
        losses: dict = {}
        for idx, aux_head in enumerate(self.auxiliary_head):
            losses.update(add_prefix(head_loss(aux_head, inputs, data_samples, self.train_cfg), f'aux_{idx}'))
        return losses

    def method_losses(self, inputs, data_samples) -> dict:
        return EncoderDecoder.loss(self, inputs, data_samples)
