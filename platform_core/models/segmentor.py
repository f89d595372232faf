"""The core segmentor: mmseg's EncoderDecoder whose ``loss()`` lets active plugins add losses."""
from typing import Any

from mmengine.logging import MessageHub
from mmseg.models import EncoderDecoder
from mmseg.utils import add_prefix
from torch import nn

from ..errors import PluginError
from ..plugin_manager import active, collect_by_plugin
from ..registry import MODELS
from .head_loss import head_loss

__all__ = ['ContinualSegmentor', 'collect_extra_losses', 'current_iter']


def current_iter() -> int:
    """The training iteration (mmengine's RuntimeInfoHook keeps it in the message hub; resumed runs too)."""
    return int(MessageHub.get_current_instance().get_info('iter') or 0)


def collect_extra_losses(segmentor: Any, inputs: Any, data_samples: list) -> dict:
    """Call ``clseg_extra_losses`` on the run's plugins; check the ``loss_<plugin>_`` key rule."""
    pm = active()
    if pm is None:
        return {}
    merged: dict = {}
    contributions = collect_by_plugin(pm.hook.clseg_extra_losses, segmentor=segmentor, inputs=inputs,
                                      data_samples=data_samples)
    for plugin, losses in contributions.items():
        for key, value in losses.items():
            if not key.startswith(f'loss_{plugin}_'):
                raise PluginError(f"plugin '{plugin}': clseg_extra_losses key {key!r} must start with "
                                  f"'loss_{plugin}_' (one namespace per plugin).")
            merged[key] = value
    return merged


@MODELS.register_module()
class ContinualSegmentor(EncoderDecoder):
    """mmseg's EncoderDecoder (backbone, decode head, auxiliary heads, slide/whole inference) plus the
    ``clseg_extra_losses`` hook. Methods that need more subclass it. Heads' losses are mmseg's, computed
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

    def loss(self, inputs, data_samples) -> dict:
        losses = super().loss(inputs, data_samples)
        losses.update(collect_extra_losses(self, inputs, data_samples))
        return losses
