"""The maps PLOP's Local POD distils: per ResNet stage the last block's output before its final activation (the
released ResidualBlock returns it with ``last=True``), recorded by a forward pre-hook on that block's ReLU."""
from functools import partial

import torch
from torch import nn

from platform_core.errors import ConfigError

__all__ = ['StageMaps', 'POD_MAPS']

POD_MAPS = ('auto', 'pre_activation', 'outputs')


def _last_blocks(backbone: nn.Module) -> list:
    layers = [getattr(backbone, name) for name in getattr(backbone, 'res_layers', ())]
    blocks = [layer[-1] for layer in layers]
    return blocks if blocks and all(isinstance(getattr(b, 'relu', None), nn.ReLU) for b in blocks) else []


class StageMaps:
    """Per-stage maps of one backbone's forward: the pre-activation outputs of mmseg ResNet stages
    (``'pre_activation'``; ``'auto'`` picks it when the backbone is one), else the backbone's outputs."""

    def __init__(self, backbone: nn.Module, mode: str = 'auto') -> None:
        if mode not in POD_MAPS:
            raise ConfigError(f'model.pod_maps must be one of {POD_MAPS}, got {mode!r}.')
        blocks = _last_blocks(backbone) if mode != 'outputs' else []
        if mode == 'pre_activation' and not blocks:
            raise ConfigError(f"model.pod_maps='pre_activation' needs an mmseg ResNet backbone (res_layers whose "
                              f"blocks have a ReLU); {type(backbone).__name__} is not: use 'outputs' or 'auto'.")
        self.recording, self._maps = False, {}
        self.pre_activation = bool(blocks)
        for index, block in enumerate(blocks):
            block.relu.register_forward_pre_hook(partial(self._keep, index))

    def _keep(self, index: int, module: nn.Module, args: tuple) -> None:
        if self.recording:  # the block calls its ReLU more than once: the last call is the block's output
            self._maps[index] = args[0].clone()  # the ReLU is in place

    def __call__(self, backbone: nn.Module, inputs: torch.Tensor) -> tuple[list, list]:
        """Run ``backbone`` on ``inputs``: (its outputs, the maps to distil)."""
        self.recording, self._maps = True, {}
        try:
            feats = backbone(inputs)
        finally:
            self.recording = False
        maps = [self._maps[i] for i in sorted(self._maps)] if self.pre_activation else list(feats)
        return feats, maps
