"""PANet's math as pure tensor functions (Wang et al., "PANet: Few-Shot Image Semantic Segmentation with
Prototype Alignment", ICCV 2019; names ported from the released code: getPrototype -> episode_prototypes,
calDist -> cosine_logits, alignLoss -> prototype_alignment_loss)."""
import torch
import torch.nn.functional as F

from platform_core.models.class_argmax import class_argmax
from platform_core.models.pooling import MAP_EPS, upsample_features
from platform_core.scenario import IGNORE_INDEX

__all__ = ['episode_prototypes', 'cosine_logits', 'support_labels', 'prototype_alignment_loss', 'COSINE_SCALE']

COSINE_SCALE = 20.0  # PANet's "scaler"


def episode_prototypes(fg: torch.Tensor, bg: torch.Tensor) -> torch.Tensor:
    """[bg, fg_1..fg_N] prototypes: fg per way = mean over shots; ONE bg = mean over all ways and shots.

    Args:
        fg, bg: (B, N, K, C) per-support prototypes.
    Returns:
        (B, 1 + N, C).
    """
    return torch.cat([bg.mean(dim=(1, 2))[:, None], fg.mean(dim=2)], dim=1)


def cosine_logits(features: torch.Tensor, prototypes: torch.Tensor, scale: float = COSINE_SCALE) -> torch.Tensor:
    """``scale * cos(feature, prototype)`` per pixel (PANet's calDist; eps as F.cosine_similarity).

    Args:
        features: (M, C, h, w); prototypes: (M, P, C).
    Returns:
        (M, P, h, w).
    """
    prototypes = F.normalize(prototypes, dim=2, eps=1e-8)
    norms = features.square().sum(dim=1, keepdim=True).sqrt().clamp_min(1e-8)  # (M, 1, h, w)
    # the features' norms divide the (M, P, h, w) scores, not the (M, C, h, w) features: 3x less time on CPU
    return scale * torch.einsum('mchw,mpc->mphw', features, prototypes) / norms


def support_labels(fg: torch.Tensor, bg: torch.Tensor) -> torch.Tensor:
    """PAR targets: 1 on fg, 0 on bg, 255 elsewhere (other episode classes, unlabelled scribble pixels)."""
    labels = torch.full(fg.shape, IGNORE_INDEX, dtype=torch.long, device=fg.device)
    labels[fg > 0] = 1
    labels[bg > 0] = 0
    return labels


def prototype_alignment_loss(query_features: torch.Tensor, query_scores: torch.Tensor,
                             support_features: torch.Tensor, support_fg: torch.Tensor, support_bg: torch.Tensor,
                             scale: float = COSINE_SCALE) -> torch.Tensor:
    """PAR: segment the supports with prototypes from the query's own prediction (PANet's alignLoss).

    Query masks = argmax of the feature-resolution scores; query prototypes by MAP at feature
    resolution, pooled over the episode's queries; ways whose predicted mask is empty are skipped;
    each support of way n is segmented with [query bg, query fg_n]; CE (mean over its labelled pixels)
    summed over ways and shots, divided by shots x ways; mean over the B episodes.

    Args:
        query_features: (B, Q, C, h, w); query_scores: (B, Q, 1 + N, h, w).
        support_features: (B, N, K, C, h, w); support_fg, support_bg: (B, N, K, H, W).
    Returns:
        scalar loss.
    """
    b, q, c, h, w = query_features.shape
    n, k = support_fg.shape[1:3]
    pred = F.one_hot(class_argmax(query_scores, dim=2), n + 1)
    pred = pred.permute(0, 1, 4, 2, 3).to(query_features.dtype)  # (B, Q, 1+N, h, w)
    prototypes = torch.einsum('bqchw,bqmhw->bmc', query_features, pred)
    prototypes = prototypes / (pred.sum(dim=(1, 3, 4))[..., None] + MAP_EPS)  # (B, 1+N, C)
    keep = pred[:, :, 1:].sum(dim=(1, 3, 4)) > 0  # (B, N): skip ways the query prediction lacks
    pairs = torch.stack([prototypes[:, :1].expand(b, n, c), prototypes[:, 1:]], dim=2)  # (B, N, 2, C)
    pairs = pairs[:, :, None].expand(b, n, k, 2, c).reshape(b * n * k, 2, c)
    logits = cosine_logits(support_features.reshape(b * n * k, c, h, w), pairs, scale)  # (BNK, 2, h, w)
    logits = upsample_features(logits, support_fg.shape[-2:])
    labels = support_labels(support_fg, support_bg).flatten(0, 2)  # (BNK, H, W)
    ce = F.cross_entropy(logits, labels, ignore_index=IGNORE_INDEX, reduction='none')
    counted = (labels != IGNORE_INDEX).sum(dim=(1, 2))
    per_support = ce.sum(dim=(1, 2)) / counted.clamp(min=1)  # an all-ignored support adds 0 (PANet: NaN)
    per_support = per_support.view(b, n, k) * keep[..., None]
    return per_support.sum(dim=(1, 2)).mean() / (n * k)
