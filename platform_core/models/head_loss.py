"""Decode-head losses as mmseg's ``BaseDecodeHead.loss_by_feat`` computes them, with two CPU kernels replaced.

On CPU, PyTorch's bilinear upsampling of the logits to the label size (forward and backward) and mmseg's
``accuracy`` (a ``topk`` over the class dimension) took more time than the whole encoder in the SynthVOC CPU regime
(BENCHMARKS.md, "cpu-runner"). Bilinear upsampling is separable, so it is two small matrix products with the 1-D
interpolation matrices; the top-1 class is ``max`` over classes. The losses are mmseg's loss modules, called as
``loss_by_feat`` calls them; the values agree with mmseg's to float rounding (unit-tested). Heads that override
``loss`` or ``loss_by_feat``, and tensors on other devices, keep mmseg's own code.
"""
from functools import lru_cache

import torch
import torch.nn.functional as F
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from torch import Tensor, nn

from .class_argmax import class_argmax

__all__ = ['bilinear_resize', 'head_loss', 'top1_accuracy']


@lru_cache(maxsize=64)
def _interp_matrix(out_size: int, in_size: int, align_corners: bool) -> Tensor:
    """(out, in) matrix M with M @ v == F.interpolate(v, out, mode='linear') for a 1-D signal v."""
    eye = torch.eye(in_size, dtype=torch.float64).unsqueeze(0)
    return F.interpolate(eye, size=out_size, mode='linear', align_corners=align_corners)[0].t().contiguous()


def bilinear_resize(x: Tensor, size: tuple, align_corners: bool) -> Tensor:
    """``F.interpolate(x, size, mode='bilinear', align_corners=...)`` of an (N, C, H, W) tensor; on CPU as two
    matmuls (several times faster there, forward and backward), elsewhere F.interpolate itself."""
    if x.device.type != 'cpu':
        return F.interpolate(x, size=size, mode='bilinear', align_corners=align_corners)
    rows = _interp_matrix(int(size[0]), x.shape[-2], align_corners).to(x.dtype)
    cols = _interp_matrix(int(size[1]), x.shape[-1], align_corners).to(x.dtype)
    return torch.matmul(torch.matmul(rows, x), cols.t())


def top1_accuracy(logits: Tensor, label: Tensor, ignore_index: int) -> Tensor:
    """mmseg's ``accuracy(logits, label, ignore_index=...)`` (top-1, in percent) with ``max`` instead of ``topk``."""
    with torch.no_grad():
        keep = label != ignore_index
        correct = (class_argmax(logits) == label) & keep
        eps = torch.finfo(torch.float32).eps
        return (correct.sum().float().reshape(1) + eps) * (100.0 / (keep.sum().item() + eps))


def _uses_mmseg_loss(head: nn.Module) -> bool:
    cls = type(head)
    return (isinstance(head, BaseDecodeHead) and cls.loss is BaseDecodeHead.loss
            and cls.loss_by_feat is BaseDecodeHead.loss_by_feat)


def head_loss(head: nn.Module, inputs: list, data_samples: list, train_cfg) -> dict:
    """``head.loss(inputs, data_samples, train_cfg)``, on the fast path where it computes the same thing."""
    if not _uses_mmseg_loss(head) or inputs[0].device.type != 'cpu':
        return head.loss(inputs, data_samples, train_cfg)
    seg_label = head._stack_batch_gt(data_samples)
    logits = bilinear_resize(head.forward(inputs), seg_label.shape[2:], head.align_corners)
    weight = head.sampler.sample(logits, seg_label) if head.sampler is not None else None
    seg_label = seg_label.squeeze(1)
    losses: dict = {}
    modules = head.loss_decode if isinstance(head.loss_decode, nn.ModuleList) else [head.loss_decode]
    for module in modules:
        value = module(logits, seg_label, weight=weight, ignore_index=head.ignore_index)
        losses[module.loss_name] = losses[module.loss_name] + value if module.loss_name in losses else value
    losses['acc_seg'] = top1_accuracy(logits, seg_label, head.ignore_index)
    return losses
