"""Feature generation for generative zero-shot segmentation (ZS3Net, CaGNet, SIGN): the per-pixel MLP
generator, the MMD losses of the released codes (CaGNet/SIGN and ZS3Net) and the label prior of the
classifier-transfer stage. Pure torch, shared by the ``sign`` and ``zs3`` plugins."""
from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..errors import ConfigError

__all__ = ['MLPGenerator', 'rbf_kernel', 'cagnet_mmd', 'gmmn_mmd', 'grouped_mmd', 'label_groups', 'label_prior',
           'sample_labels', 'scale_grad', 'mask_logits', 'MMD_ESTIMATORS', 'RELEASED_SIGMAS', 'GMMN_SIGMAS']

RELEASED_SIGMAS = (2.0, 5.0, 10.0, 20.0, 40.0, 60.0)  # CaGNet's MMDLoss (SIGN)
GMMN_SIGMAS = (2.0, 5.0, 10.0, 20.0, 40.0, 80.0)  # ZS3Net's GMMNLoss


class MLPGenerator(nn.Module):
    """Per-pixel feature generator: ``in_dim -> hidden... -> out_dim`` linear layers with LeakyReLU(0.2)
    and dropout between them; ``output``: ``'sigmoid'`` (SIGN), ``'relu'`` (ZS3Net) or ``'none'``.

    Input (P, in_dim), output (P, out_dim): P pixels, one row each.
    """

    def __init__(self, *, in_dim: int, out_dim: int, hidden: Sequence[int], dropout: float = 0.0,
                 output: str = 'sigmoid') -> None:
        super().__init__()
        if output not in ('sigmoid', 'relu', 'none'):
            raise ConfigError(f"generator output={output!r} must be 'sigmoid', 'relu' or 'none'.")
        layers: list = []
        dims = [in_dim, *hidden]
        for a, b in zip(dims[:-1], dims[1:]):
            layers += [nn.Linear(a, b), nn.LeakyReLU(0.2)] + ([nn.Dropout(dropout)] if dropout else [])
        layers.append(nn.Linear(dims[-1], out_dim))
        self.net = nn.Sequential(*layers)
        self.output = output

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.net(x)
        if self.output == 'sigmoid':
            return torch.sigmoid(out)
        return F.relu(out) if self.output == 'relu' else out


def rbf_kernel(a: torch.Tensor, b: torch.Tensor, sigmas: Sequence[float] = RELEASED_SIGMAS,
               form: str = 'released') -> torch.Tensor:
    """Sum over sigmas of exp(-|a_i - b_j|^2 / (2 sigma)) (``'released'``, the public code's kernel) or
    exp(-|a_i - b_j|^2 / (2 sigma^2)) (``'gaussian'``). a: (P, D), b: (Q, D) -> (P, Q)."""
    dist = torch.cdist(a, b).pow(2)  # (P, Q)
    scales = [2 * s if form == 'released' else 2 * s * s for s in sigmas]
    return sum(torch.exp(-dist / scale) for scale in scales)


def _kernel_quadratic_sum(z: torch.Tensor, weights: torch.Tensor, sigmas: Sequence[float], form: str) -> torch.Tensor:
    """sum over sigmas of sum_ij (W W^T)_ij k_sigma(z_i, z_j): z (P, D), W (P, k)."""
    return (weights.T @ rbf_kernel(z, z, sigmas, form) @ weights).trace()


def _safe_sqrt(value: torch.Tensor) -> torch.Tensor:
    """sqrt(value), and 0 (with a zero gradient) where rounding made the sum not positive."""
    return torch.where(value > 0, value.clamp_min(1e-30).sqrt(), value * 0)


def cagnet_mmd(fake: torch.Tensor, real: torch.Tensor, sigmas: Sequence[float] = RELEASED_SIGMAS,
               form: str = 'released') -> torch.Tensor:
    """The MMD loss of CaGNet's released code (which SIGN uses) between M generated rows ``fake`` (M, D) and
    N real rows ``real`` (N, D): sqrt(sum_sigma w^T K_sigma w) over Z = [fake; real], with two weight columns,
    1/M on the generated rows and 1/N on the real rows, each centred by subtracting 1/(M + N).

    Equals sqrt((M^2 + N^2) / (M + N)^2 * MMD^2): sqrt(MMD^2 / 2) when M = N.
    """
    m, n = len(fake), len(real)
    weights = torch.zeros(m + n, 2, dtype=fake.dtype, device=fake.device)
    weights[:m, 0], weights[m:, 1] = 1.0 / m, 1.0 / n
    return _safe_sqrt(_kernel_quadratic_sum(torch.cat([fake, real]), weights - 1.0 / (m + n), sigmas, form))


def gmmn_mmd(fake: torch.Tensor, real: torch.Tensor, sigmas: Sequence[float] = GMMN_SIGMAS,
             form: str = 'released') -> torch.Tensor:
    """The GMMN loss of ZS3Net's released code between ``fake`` (M, D) and ``real`` (N, D): sqrt of the biased
    MMD^2 summed over sigmas, with the textbook weight vector (+1/M on the generated rows, -1/N on the real
    rows; the released code's vector lines up with its rows only when M = N, which paired pixels always are)."""
    m, n = len(fake), len(real)
    weights = torch.cat([fake.new_full((m, 1), 1.0 / m), fake.new_full((n, 1), -1.0 / n)])
    return _safe_sqrt(_kernel_quadratic_sum(torch.cat([fake, real]), weights, sigmas, form))


MMD_ESTIMATORS = {'cagnet': cagnet_mmd, 'gmmn': gmmn_mmd}


def label_groups(labels: torch.Tensor, grouping: str = 'class') -> list:
    """Index groups of pixels (labels (P,)): one per class (``'class'``) or one per run of equal labels in
    flattened order (``'run'``, what the released code does)."""
    if grouping == 'class':
        return [torch.nonzero(labels == c).flatten() for c in torch.unique(labels)]
    if grouping == 'run':
        change = torch.nonzero(labels[1:] != labels[:-1]).flatten() + 1
        bounds = [0, *change.tolist(), len(labels)]
        return [torch.arange(a, b, device=labels.device) for a, b in zip(bounds[:-1], bounds[1:])]
    raise ConfigError(f"MMD grouping={grouping!r} must be 'class' or 'run'.")


def grouped_mmd(fake: torch.Tensor, real: torch.Tensor, labels: torch.Tensor, *, estimator: str = 'cagnet',
                grouping: str = 'class', sigmas: Sequence[float] = RELEASED_SIGMAS,
                form: str = 'released') -> torch.Tensor:
    """Mean over label groups of ``estimator`` (``'cagnet'`` | ``'gmmn'``) between fake[group] and
    real[group]; fake/real (P, D) are paired by pixel, labels (P,)."""
    if estimator not in MMD_ESTIMATORS:
        raise ConfigError(f"MMD estimator={estimator!r} must be one of {sorted(MMD_ESTIMATORS)}.")
    loss = MMD_ESTIMATORS[estimator]
    groups = label_groups(labels, grouping)
    return torch.stack([loss(fake[g], real[g], sigmas, form) for g in groups]).mean()


def label_prior(classes: Sequence[int], unseen: Sequence[int], unseen_factor: float = 10.0) -> torch.Tensor:
    """Sampling probabilities over ``classes`` (in that order): each unseen class ``unseen_factor`` times as
    likely as a seen one."""
    weights = torch.tensor([unseen_factor if c in set(unseen) else 1.0 for c in classes])
    return weights / weights.sum()


def sample_labels(classes: Sequence[int], prior: torch.Tensor, num: int,
                  generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """``num`` class indices drawn i.i.d. from ``prior`` over ``classes``."""
    picks = torch.multinomial(prior, num, replacement=True, generator=generator)
    return torch.as_tensor(list(classes))[picks]


class _ScaleGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale, None


def scale_grad(x: torch.Tensor, scale: float) -> torch.Tensor:
    """Identity forward; multiplies the gradient flowing back into ``x`` by ``scale``."""
    return x if scale == 1 else _ScaleGrad.apply(x, scale)


def mask_logits(logits: torch.Tensor, allowed: torch.Tensor, dim: int = 1) -> torch.Tensor:
    """Logits of classes not ``allowed`` (bool, (C,)) set to a large negative value along ``dim``."""
    shape = [1] * logits.dim()
    shape[dim] = -1
    return logits.masked_fill(~allowed.view(shape), -1e4)
