"""Feature generation for generative zero-shot segmentation (ZS3Net, CaGNet, SIGN): the per-pixel MLP
generator, the MMD loss and the label prior of the classifier-transfer stage. Pure torch, shared by the
``sign`` and ``zs3`` plugins."""
from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..errors import ConfigError

__all__ = ['MLPGenerator', 'rbf_kernel', 'mmd', 'grouped_mmd', 'label_groups', 'label_prior', 'sample_labels',
           'scale_grad']

RELEASED_SIGMAS = (2.0, 5.0, 10.0, 20.0, 40.0, 60.0)


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


def mmd(x: torch.Tensor, y: torch.Tensor, sigmas: Sequence[float] = RELEASED_SIGMAS, form: str = 'released',
        sqrt: bool = False) -> torch.Tensor:
    """Biased MMD^2 between samples x (P, D) and y (Q, D): mean k(x,x) + mean k(y,y) - 2 mean k(x,y);
    ``sqrt`` returns sqrt(relu(MMD^2)) (GMMN-style)."""
    value = (rbf_kernel(x, x, sigmas, form).mean() + rbf_kernel(y, y, sigmas, form).mean()
             - 2 * rbf_kernel(x, y, sigmas, form).mean())
    return torch.sqrt(F.relu(value) + 1e-12) if sqrt else value


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


def grouped_mmd(fake: torch.Tensor, real: torch.Tensor, labels: torch.Tensor, *, grouping: str = 'class',
                sigmas: Sequence[float] = RELEASED_SIGMAS, form: str = 'released', sqrt: bool = False) -> torch.Tensor:
    """Mean over label groups of MMD(fake[group], real[group]); fake/real (P, D) are paired by pixel."""
    groups = label_groups(labels, grouping)
    return torch.stack([mmd(fake[g], real[g], sigmas, form, sqrt) for g in groups]).mean()


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
