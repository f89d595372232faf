"""SIGN's spatial information module (SIM) and latent module (Cheng et al., ICCV 2021, Sec. 3.2)."""

import torch
import torch.nn as nn

from platform_core.errors import ConfigError

__all__ = ['relative_positional_encoding', 'GatedConv', 'SpatialInformationModule', 'LatentModule']


def relative_positional_encoding(height: int, width: int, channels: int, *, max_position: float = 511.0,
                                 temperature: float = 10000.0) -> torch.Tensor:
    """(channels, height, width) sin/cos encoding of relative positions.

    Positions are ``linspace(0, max_position, W)`` along x and ``linspace(0, max_position, H)`` along y, so
    they are relative to the image whatever its size. The first half of the channels encodes x, the
    second half y; within a half, channel 2i is sin(p / t^(2i/half)) and channel 2i+1 is cos(p / t^(2i/half)).
    """
    if channels % 4:
        raise ConfigError(f'SIM positional encoding needs channels % 4 == 0 (half per axis, sin/cos pairs), '
                          f'got {channels}: set `pos_channels` to a multiple of 4.')
    half = channels // 2
    freq = temperature ** (-torch.arange(0, half, 2, dtype=torch.float32) / half)  # (half/2,)

    def encode(positions: torch.Tensor) -> torch.Tensor:  # (L,) -> (half, L)
        angles = positions[None] * freq[:, None]
        return torch.stack([angles.sin(), angles.cos()], dim=1).reshape(half, -1)

    x = encode(torch.linspace(0, max_position, width))  # (half, W)
    y = encode(torch.linspace(0, max_position, height))  # (half, H)
    return torch.cat([x[:, None, :].expand(half, height, width), y[:, :, None].expand(half, height, width)])


class GatedConv(nn.Module):
    """3x3 dilated conv whose output is gated by sigmoid of a parallel conv."""

    def __init__(self, in_channels: int, out_channels: int, dilation: int, activate: bool = True) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=dilation, dilation=dilation)
        self.gate = nn.Conv2d(in_channels, out_channels, 3, padding=dilation, dilation=dilation)
        self.act = nn.LeakyReLU(0.2) if activate else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.conv(x)) * torch.sigmoid(self.gate(x))


class SpatialInformationModule(nn.Module):
    """h + gated dilated convs (1, 2, 5) over [sigmoid(h), positional encoding]: (N, D, H, W) -> same."""

    def __init__(self, *, channels: int, pos_channels: int, dilations: tuple = (1, 2, 5)) -> None:
        super().__init__()
        if pos_channels % 4:
            relative_positional_encoding(1, 1, pos_channels)  # raises the ConfigError
        self.pos_channels = pos_channels
        dims = [channels + pos_channels] + [channels] * len(dilations)
        self.convs = nn.Sequential(*[GatedConv(a, b, d, activate=i < len(dilations) - 1)
                                     for i, (a, b, d) in enumerate(zip(dims[:-1], dims[1:], dilations))])

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        n, _, height, width = h.shape
        pos = relative_positional_encoding(height, width, self.pos_channels).to(h)  # (Dp, H, W)
        x = torch.cat([torch.sigmoid(h), pos[None].expand(n, -1, -1, -1)], dim=1)  # (N, D + Dp, H, W)
        return h + self.convs(x)


class LatentModule(nn.Module):
    """mu and log-variance (1x1 convs) of a per-pixel latent code, sampled by reparameterization."""

    def __init__(self, *, channels: int, latent_dim: int) -> None:
        super().__init__()
        self.mu = nn.Conv2d(channels, latent_dim, 1)
        self.logvar = nn.Conv2d(channels, latent_dim, 1)
        for conv in (self.mu, self.logvar):  # start at z ~ N(0, I) (KL = 0): h is not normalised
            nn.init.zeros_(conv.weight)
            nn.init.zeros_(conv.bias)

    def forward(self, h: torch.Tensor) -> tuple:
        mu, logvar = self.mu(h), self.logvar(h).clamp(-10, 10)  # (N, Dz, H, W) each
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if self.training else mu
        return z, mu, logvar


