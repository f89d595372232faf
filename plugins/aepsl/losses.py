"""PSL's losses and prohibition as pure tensor functions (Wei et al., CVPR 2017, section 3.2)."""
import torch
import torch.nn.functional as F
from torch import Tensor

from platform_core.models.class_argmax import class_argmax

__all__ = ['IGNORE', 'class_weights', 'psl_class_weights', 'foreground_kept', 'online_prohibitive_mask', 'normalized_cross_entropy',
           'prohibit_at_test_time']

IGNORE = 255


def class_weights(scores: Tensor, image_labels: Tensor) -> Tensor:
    """[1, v]: background weight 1, labelled classes their classification score, the others 0.

    Args:
        scores: (N, C-1) foreground classification scores (sigmoid).
        image_labels: (N, C-1) multi-hot image labels.
    Returns:
        (N, C) weights, background first.
    """
    return torch.cat([torch.ones_like(scores[:, :1]), scores * image_labels], dim=1)


def psl_class_weights(cls_logits: Tensor, image_labels: Tensor, source: str = 'scores') -> Tensor:
    """The online mask's class weights [1, v]: v from the classification branch (``'scores'``: sigmoid of
    ``cls_logits``, the paper) or the image labels themselves (``'labels'``: 1 for every labelled class).

    Args:
        cls_logits, image_labels: (N, C-1) foreground logits and multi-hot labels.
    Returns:
        (N, C) weights, background first.
    """
    scores = cls_logits.sigmoid() if source == 'scores' else image_labels
    return class_weights(scores, image_labels)


def online_prohibitive_mask(seg_logits: Tensor, weights: Tensor) -> Tensor:
    """S^ = argmax_c (w_c * softmax(f)_c): (N, C, H, W) logits, (N, C) weights -> (N, H, W) long.

    The scores are softmax probabilities, so a zero weight (an absent class) can never win.
    """
    probs = seg_logits.detach().softmax(dim=1)
    return class_argmax(probs * weights.detach()[:, :, None, None])


def foreground_kept(online: Tensor, seg_logits: Tensor) -> Tensor:
    """Foreground pixels of the online mask over those of the network's own argmax (a 0-d tensor; the count
    itself when the network predicts none): how much of what the network calls an object S^ keeps. It can pass
    1, where S^ gives a present class a pixel the network gave an absent one.

    Args:
        online: (N, H, W) online mask S^. seg_logits: (N, C, H, W), class 0 background.
    """
    predicted = (class_argmax(seg_logits.detach()) > 0).sum()
    return (online > 0).sum() / predicted.clamp_min(1)


def normalized_cross_entropy(seg_logits: Tensor, target: Tensor) -> Tensor:
    """Pixel cross-entropy summed over labelled pixels (target != 255) divided by their number
    (0 with a gradient path when nothing is labelled)."""
    labelled = (target != IGNORE).sum()
    total = F.cross_entropy(seg_logits, target, ignore_index=IGNORE, reduction='sum')
    return total / labelled.clamp_min(1)


def prohibit_at_test_time(probs: Tensor, scores: Tensor, threshold: float = 0.1) -> Tensor:
    """Zero the score maps of foreground classes whose classification score is below ``threshold``.

    Args:
        probs: (N, C, H, W) segmentation scores, background first.
        scores: (N, C-1) foreground classification scores.
    """
    keep = torch.cat([torch.ones_like(scores[:, :1]), (scores >= threshold).to(probs.dtype)], dim=1)
    return probs * keep[:, :, None, None]
