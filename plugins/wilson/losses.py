"""WILSON's losses (Cermelli et al., "Incremental Learning in Semantic Segmentation from Image Labels",
CVPR 2022; code github.com/fcdl94/WILSON) as pure tensor functions. Shapes: N images, C channels
(background + old + new), h x w feature resolution; ``labels`` (N, C) image labels, 1 for the new classes
an image shows (background and old columns zero)."""
import torch
import torch.nn.functional as F

from platform_core.models.class_argmax import class_argmax

__all__ = ['bce_with_ignore', 'ngwp_focal_scores', 'cls_loss', 'loc_loss', 'enc_loss', 'soft_pseudo_labels',
           'seg_target', 'seg_loss', 'pseudo_gt_mask', 'balanced_mask_ce']


def bce_with_ignore(logits: torch.Tensor, target: torch.Tensor, *, ignore_index: int = 255) -> torch.Tensor:
    """Base-step per-class BCE: one-hot of ``target`` (N, H, W), summed over classes, mean over labelled pixels."""
    num_classes = logits.shape[1]
    valid = target != ignore_index                                            # (N, H, W)
    onehot = F.one_hot(torch.where(valid, target, 0).long(), num_classes).permute(0, 3, 1, 2).to(logits.dtype)
    loss = F.binary_cross_entropy_with_logits(logits, onehot, reduction='none').sum(1)  # (N, H, W)
    return loss[valid].mean() if valid.any() else logits.sum() * 0


def ngwp_focal_scores(z: torch.Tensor, *, eps: float = 1.0) -> torch.Tensor:
    """Image-level class scores of localizer logits z (N, C, h, w) -> (N, C): normalised global weighted
    pooling plus the focal size penalty, y_c = sum m z / (eps + sum m) + (1 - mean m)^3 log(0.01 + mean m)."""
    m = F.softmax(z, dim=1).flatten(2)                                        # (N, C, hw)
    z = z.flatten(2)
    ngwp = (m * z).sum(-1) / (eps + m.sum(-1))
    mean = m.mean(-1)
    return ngwp + (1 - mean).pow(3) * torch.log(0.01 + mean)


def cls_loss(z: torch.Tensor, labels: torch.Tensor, num_old: int, *, eps: float = 1.0) -> torch.Tensor:
    """L_CLS: BCE-with-logits of the new classes' scores (softmax over all channels) against the image labels."""
    scores = ngwp_focal_scores(z, eps=eps)[:, num_old:]
    return F.binary_cross_entropy_with_logits(scores, labels[:, num_old:].to(scores.dtype))


def loc_loss(z: torch.Tensor, teacher_logits: torch.Tensor) -> torch.Tensor:
    """L_LOC: the localizer's background + old channels against the old model's sigmoid outputs."""
    num_old = teacher_logits.shape[1]
    return F.binary_cross_entropy_with_logits(z[:, :num_old], torch.sigmoid(teacher_logits))


def enc_loss(features: torch.Tensor, teacher_features: torch.Tensor) -> torch.Tensor:
    """L_ENC: MSE between the current and the old encoder features."""
    return F.mse_loss(features, teacher_features)


def soft_pseudo_labels(m: torch.Tensor, labels: torch.Tensor, *, alpha: float = 0.5) -> torch.Tensor:
    """q = alpha * onehot(argmax m') + (1 - alpha) * m', m' = softmax m with foreground channels (old and
    absent new classes) zeroed by the image labels; background kept."""
    mask = labels.to(m.dtype).clone()
    mask[:, 0] = 1
    masked = m * mask[:, :, None, None]                                       # (N, C, h, w)
    hard = F.one_hot(class_argmax(masked), m.shape[1]).permute(0, 3, 1, 2).to(m.dtype)
    return alpha * hard + (1 - alpha) * masked


def seg_target(q: torch.Tensor, teacher_prob: torch.Tensor) -> torch.Tensor:
    """L_SEG target: old channels from the old model, new from q, background min(old model's, q's)."""
    num_old = teacher_prob.shape[1]
    target = torch.cat([teacher_prob, q[:, num_old:]], dim=1)
    target[:, 0] = torch.minimum(teacher_prob[:, 0], q[:, 0])
    return target


def seg_loss(logits: torch.Tensor, target: torch.Tensor, q: torch.Tensor, labels: torch.Tensor,
             num_old: int) -> torch.Tensor:
    """L_SEG: BCE summed over classes, mean over pixels, over the images whose new-class pseudo-labels
    (classes present in q) agree with their image labels."""
    n = logits.shape[0]
    present = q.flatten(2).sum(-1)[:, num_old:] > 0                           # (N, C_new)
    weight = (present == labels[:, num_old:].bool()).all(1).to(logits.dtype)  # (N,)
    per_image = F.binary_cross_entropy_with_logits(logits, target, reduction='none').sum(1).view(n, -1).mean(-1)
    return (weight * per_image).sum() / (weight.sum() + 1e-5)


def pseudo_gt_mask(mask: torch.Tensor, *, cutoff_top: float = 0.6, cutoff_bkg: float = 0.7,
                   cutoff_low: float = 0.2) -> torch.Tensor:
    """Binary pseudo masks (N, C, h, w) from soft masks: a pixel belongs to a class above
    max(cutoff * the class's max, cutoff_low) (background cutoff_bkg); pixels claimed twice are dropped."""
    n, c, h, w = mask.shape
    flat = mask.view(n, c, -1)
    top = flat.max(-1, keepdim=True)[0].clone()
    top[:, :1] *= cutoff_bkg
    top[:, 1:] *= cutoff_top
    top = top.clamp(min=cutoff_low)
    pseudo = (flat > top).to(mask.dtype)
    ambiguous = (pseudo.sum(1, keepdim=True) > 1).to(mask.dtype)
    return ((1 - ambiguous) * pseudo).view(n, c, h, w)


def balanced_mask_ce(z: torch.Tensor, pseudo: torch.Tensor, labels: torch.Tensor, *,
                     ignore_index: int = 255) -> torch.Tensor:
    """L_SSS: class-balanced CE of z against binary pseudo masks; unlabelled pixels ignored, and only images
    whose pseudo mask shows exactly as many classes as the image labels (+ background) count."""
    n, c = pseudo.shape[:2]
    z = F.interpolate(z, size=pseudo.shape[-2:], mode='bilinear', align_corners=True)
    target = class_argmax(pseudo)
    target[pseudo.sum(1) < 1] = ignore_index
    per_class = pseudo.view(n, c, -1).sum(-1)                                 # (N, C) pixels per class
    total = per_class.sum(-1, keepdim=True)
    class_weight = (total - per_class) / (1 + total)
    pixel_weight = (pseudo * class_weight[:, :, None, None]).sum(1).view(n, -1)
    ce = F.cross_entropy(z, target, ignore_index=ignore_index, reduction='none').view(n, -1)
    image_weight = ((labels[:, 1:].sum(-1) + 1) == (per_class > 0).sum(-1)).to(z.dtype)
    return (image_weight * (pixel_weight * ce).mean(-1)).mean()
