"""MiB's losses (Cermelli et al., CVPR 2020, "Modeling the Background"), as the released code computes them
(fcdl94/MiB utils/loss.py; train.py takes the mean over every pixel). Shapes: logits (N, C, H, W) at image size,
C = background + old + new channels with the ``num_old`` (background + old) first; target (N, H, W)."""
import torch
import torch.nn.functional as F

__all__ = ['plain_ce', 'unbiased_ce', 'unbiased_kd']

IGNORE_INDEX = 255


def plain_ce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Cross-entropy, mean over all pixels (ignored ones count as 0, as MiB's and PLOP's ``.mean()``)."""
    return F.cross_entropy(logits, target, ignore_index=IGNORE_INDEX, reduction='none').mean()


def unbiased_ce(logits: torch.Tensor, target: torch.Tensor, num_old: int) -> torch.Tensor:
    """Unbiased cross-entropy: a pixel labelled background (or an old class) may be any old class, so it is
    scored by log sum_{c < num_old} softmax(z)_c; a new class c by log softmax(z)_c. Mean over all pixels."""
    den = torch.logsumexp(logits, dim=1)                                     # (N, H, W)
    old = torch.logsumexp(logits[:, :num_old], dim=1) - den                  # (N, H, W)
    log_probs = torch.cat([old[:, None], logits[:, num_old:] - den[:, None]], dim=1)  # (N, 1 + C_new, H, W)
    labels = torch.where(target < num_old, 0, target - num_old + 1)          # channel of log_probs
    labels = torch.where(target == IGNORE_INDEX, IGNORE_INDEX, labels)
    return F.nll_loss(log_probs, labels, ignore_index=IGNORE_INDEX, reduction='none').mean()


def unbiased_kd(logits: torch.Tensor, old_logits: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Unbiased distillation: p = softmax(alpha * old logits) over the ``num_old`` channels; the student's
    background is its background plus every new class. Per pixel
    ``[p_0 log(q_0 + sum_new q_c) + sum_{c=1}^{num_old-1} p_c log q_c] / num_old``; minus the mean over pixels."""
    num_old = old_logits.shape[1]
    den = torch.logsumexp(logits, dim=1)                                     # (N, H, W)
    background = torch.cat([logits[:, :1], logits[:, num_old:]], dim=1)      # (N, 1 + C_new, H, W)
    log_bg = torch.logsumexp(background, dim=1) - den                        # (N, H, W)
    log_old = logits[:, 1:num_old] - den[:, None]                            # (N, num_old - 1, H, W)
    p = F.softmax(alpha * old_logits, dim=1)                                 # (N, num_old, H, W)
    per_pixel = (p[:, 0] * log_bg + (p[:, 1:] * log_old).sum(dim=1)) / num_old
    return -per_pixel.mean()
