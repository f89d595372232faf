"""VGG16 with PANet's modifications (Wang et al. ICCV 2019, ``models/vgg.py`` of the released code).

conv1-conv5 only; pools 1-3 are 3x3 stride 2 pad 1, pool4 3x3 stride 1 pad 1, no pool5; conv5 has
dilation 2; no ReLU after conv5_3. Output stride 8 with 512 channels (417x417 -> 53x53). The layer
indices match torchvision's ``vgg16().features``, so its ImageNet state dict loads directly.
"""
from typing import Optional

import torch
from mmengine.model import BaseModule
from torch import nn

from ..errors import ConfigError
from ..registry import MODELS

__all__ = ['PANetVGG16', 'vgg16_panet_layers']

# (convs, out channels, dilation) per block; pools follow blocks 1-4.
_BLOCKS = ((2, 64, 1), (2, 128, 1), (3, 256, 1), (3, 512, 1), (3, 512, 2))
_POOL_STRIDES = (2, 2, 2, 1)


def vgg16_panet_layers(in_channels: int = 3, *, width: float = 1.0) -> nn.Sequential:
    """The ``features`` sequence; index i is torchvision's ``features[i]`` (ReLU after conv5_3 -> Identity)."""
    layers: list[nn.Module] = []
    channels = in_channels
    for block, (convs, out, dilation) in enumerate(_BLOCKS):
        out = max(1, int(out * width))
        for i in range(convs):
            layers.append(nn.Conv2d(channels, out, 3, padding=dilation, dilation=dilation))
            last = block == len(_BLOCKS) - 1 and i == convs - 1
            layers.append(nn.Identity() if last else nn.ReLU(inplace=True))
            channels = out
        if block < len(_POOL_STRIDES):
            layers.append(nn.MaxPool2d(3, stride=_POOL_STRIDES[block], padding=1))
    return nn.Sequential(*layers)


@MODELS.register_module()
class PANetVGG16(BaseModule):
    """PANet's VGG16 encoder; returns a 1-tuple of (N, 512, H/8, W/8) features (mmseg backbone style).

    Args:
        weights: local path of torchvision-layout VGG16 ImageNet weights (``features.<i>.weight``;
            ``classifier.*`` keys are ignored). None = random init. Nothing is downloaded.
        width: channel multiplier (1.0 = VGG16; smaller only for CPU tests, no weights then).
    """

    def __init__(self, *, weights: Optional[str] = None, width: float = 1.0, init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.features = vgg16_panet_layers(width=width)
        self.out_channels = max(1, int(512 * width))
        if weights is not None:
            self.load_torchvision_weights(weights)

    def load_torchvision_weights(self, path: str) -> None:
        """Load ``features.*`` from a torchvision VGG16 state dict file (weights_only)."""
        try:
            state = torch.load(path, map_location='cpu', weights_only=True)
        except FileNotFoundError as exc:
            raise ConfigError(f'PANetVGG16: weights file {path!r} not found. Put torchvision\'s '
                              'vgg16-397923af.pth there, or set weights=None to train from scratch.') from exc
        state = state.get('state_dict', state)
        features = {k[len('features.'):]: v for k, v in state.items() if k.startswith('features.')}
        missing, unexpected = self.features.load_state_dict(features, strict=False)
        if missing or unexpected:
            raise ConfigError(f'PANetVGG16: {path!r} is not a torchvision VGG16 state dict (missing '
                              f'{missing[:4]}, unexpected {unexpected[:4]}).')

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor]:
        return (self.features(x),)  # (N, 512, H/8, W/8)
