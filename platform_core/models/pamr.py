"""PAMR: pixel-adaptive mask refinement (Araslanov & Roth, "Single-Stage Semantic Segmentation from
Image Labels", CVPR 2020), as in their code and in WILSON's: a mask is repeatedly averaged over dilated 3x3
neighbourhoods with weights from the local colour affinity of the image."""
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ['PAMR', 'shift_kernels']


def shift_kernels(*, center: float, neighbor: float, with_center: bool = False) -> torch.Tensor:
    """(P, 1, 3, 3) kernels, one per neighbour of a 3x3 window (row-major; the centre too if asked),
    each ``center`` at the centre plus ``neighbor`` at that neighbour."""
    kernels = []
    for i in range(3):
        for j in range(3):
            if (i, j) == (1, 1) and not with_center:
                continue
            kernel = torch.zeros(1, 3, 3)
            kernel[0, 1, 1] += center
            kernel[0, i, j] += neighbor
            kernels.append(kernel)
    return torch.stack(kernels)


class PAMR(nn.Module):
    """Refine soft masks with image affinities.

    Args:
        num_iter: refinement iterations (10 in WILSON).
        dilations: neighbourhood dilations (1, 2, 4, 8, 12 in WILSON).
    """

    def __init__(self, *, num_iter: int = 10, dilations: Sequence[int] = (1, 2, 4, 8, 12)) -> None:
        super().__init__()
        self.num_iter, self.dilations = num_iter, tuple(dilations)
        self.register_buffer('k_diff', shift_kernels(center=1, neighbor=-1), persistent=False)
        self.register_buffer('k_copy', shift_kernels(center=0, neighbor=1), persistent=False)
        self.register_buffer('k_all', shift_kernels(center=0, neighbor=1, with_center=True), persistent=False)

    def _local(self, x: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
        """(B, K, H, W) -> (B, K, P * len(dilations), H, W): the kernels' responses at every dilation."""
        b, k, h, w = x.shape
        x = x.reshape(b * k, 1, h, w)
        out = [F.conv2d(F.pad(x, [d] * 4, mode='replicate'), kernel.to(x.dtype), dilation=d) for d in self.dilations]
        return torch.cat(out, 1).view(b, k, -1, h, w)

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """image (B, 3, H, W), mask (B, C, h, w) -> refined mask (B, C, H, W)."""
        mask = F.interpolate(mask, size=image.shape[-2:], mode='bilinear', align_corners=True)
        std = self._local(image, self.k_all).std(2, keepdim=True)            # (B, 3, 1, H, W)
        affinity = -self._local(image, self.k_diff).abs() / (1e-8 + 0.1 * std)  # (B, 3, P, H, W)
        affinity = F.softmax(affinity.mean(1, keepdim=True), dim=2)           # (B, 1, P, H, W)
        for _ in range(self.num_iter):
            mask = (self._local(mask, self.k_copy) * affinity).sum(2)          # (B, C, H, W)
        return mask
