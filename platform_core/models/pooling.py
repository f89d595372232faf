"""Masked average pooling (PANet, Wang et al. ICCV 2019, "getFeatures"), shared by prototype methods."""
import torch
import torch.nn.functional as F

__all__ = ['masked_average_pool', 'upsample_features', 'interpolation_matrix', 'MAP_MODES']

MAP_EPS = 1e-5  # PANet's code: sum(F * M) / (sum(M) + 1e-5)
MAP_MODES = ('adjoint', 'upsample')


def upsample_features(features: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Bilinear resize of (N, C, h, w) features to ``size`` (align_corners=False, as PANet)."""
    if tuple(features.shape[-2:]) == tuple(size):
        return features
    return F.interpolate(features, size=size, mode='bilinear', align_corners=False)


def interpolation_matrix(out_size: int, in_size: int, *, like: torch.Tensor) -> torch.Tensor:
    """(out_size, in_size) weights of 1-D bilinear resizing (align_corners=False): bilinear upsampling of
    an (h, w) map is ``U_h @ map @ U_w.T``."""
    eye = torch.eye(in_size, dtype=like.dtype, device=like.device)[None, None]  # (1, 1, in, in)
    return F.interpolate(eye, size=(out_size, in_size), mode='bilinear', align_corners=False)[0, 0]


def masked_average_pool(features: torch.Tensor, masks: torch.Tensor, *, at_mask_size: bool = True,
                        mode: str = 'adjoint', eps: float = MAP_EPS) -> torch.Tensor:
    """Prototype per mask: ``sum(up(F) * M) / (sum(M) + eps)`` over the mask's pixels.

    Args:
        features: (N, C, h, w).
        masks: (N, M, H, W) float masks, M masks per image (e.g. [fg, bg]).
        at_mask_size: pool at the mask size, i.e. on the bilinearly upsampled features (PANet's supports,
            "image resolution"); False: the masks already have the feature size (PANet's PAR).
        mode: how pooling at mask size is computed. ``'upsample'``: materialize up(F) (N, C, H, W) as
            PANet's code does. ``'adjoint'`` (default): the same sum as ``<F, U_h^T M U_w>`` (upsampling is
            linear), which never builds the (C, H, W) map: equal up to float rounding, far less memory.

    Returns:
        (N, M, C) prototypes.
    """
    masks = masks.to(features.dtype)
    size, area = masks.shape[-2:], masks.sum(dim=(2, 3))[..., None]  # (N, M, 1)
    if at_mask_size and tuple(features.shape[-2:]) != tuple(size):
        if mode == 'upsample':
            features = upsample_features(features, size)  # (N, C, H, W)
        else:
            u_h = interpolation_matrix(size[0], features.shape[-2], like=features)  # (H, h)
            u_w = interpolation_matrix(size[1], features.shape[-1], like=features)  # (W, w)
            masks = torch.einsum('Hh,nmHW,Ww->nmhw', u_h, masks, u_w)  # (N, M, h, w)
    assert features.shape[-2:] == masks.shape[-2:], (features.shape, masks.shape)
    return torch.einsum('nchw,nmhw->nmc', features, masks) / (area + eps)  # (N, M, C)
