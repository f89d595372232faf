"""SIGN's losses as pure tensor functions (the generator's MMD lives in platform_core.models.feature_generation)."""
import torch
import torch.nn.functional as F

__all__ = ['lsgan_generator', 'lsgan_discriminator', 'kl_divergence', 'ast_weights', 'weighted_cross_entropy']


def lsgan_generator(fake_score: torch.Tensor) -> torch.Tensor:
    """Least-squares GAN loss of the generator: mean (D(fake) - 1)^2."""
    return (fake_score - 1).pow(2).mean()


def lsgan_discriminator(real_score: torch.Tensor, fake_score: torch.Tensor) -> torch.Tensor:
    """Least-squares GAN loss of the discriminator: (mean (D(real) - 1)^2 + mean D(fake)^2) / 2."""
    return 0.5 * ((real_score - 1).pow(2).mean() + fake_score.pow(2).mean())


def kl_divergence(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, exp(logvar)) || N(0, I)), averaged over every element."""
    return -0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp())


def ast_weights(confidence: torch.Tensor, pseudo: torch.Tensor, temperature: float) -> torch.Tensor:
    """Annealed self-training weights per image: w_i = exp(T (s_i - max_j s_j)) over the image's
    pseudo-labelled pixels (``pseudo`` True), 1 on labelled pixels.

    Args:
        confidence: (N, H, W) softmax confidence s of each pixel's pseudo label.
        pseudo: (N, H, W) bool, pixels that carry a pseudo label.
    """
    masked = confidence.masked_fill(~pseudo, float('-inf'))
    peak = masked.flatten(1).max(dim=1).values.clamp_min(0)[:, None, None]  # (N, 1, 1)
    weights = torch.exp(temperature * (confidence - peak))
    return torch.where(pseudo, weights, torch.ones_like(weights))


def weighted_cross_entropy(logits: torch.Tensor, target: torch.Tensor, weights: torch.Tensor,
                           ignore_index: int = 255) -> torch.Tensor:
    """sum(w * CE) / sum(w) over the pixels whose target is not ``ignore_index``."""
    ce = F.cross_entropy(logits, target, ignore_index=ignore_index, reduction='none')  # (N, H, W)
    weights = weights * (target != ignore_index)
    return (weights * ce).sum() / weights.sum().clamp_min(1e-6)
