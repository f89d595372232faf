"""The previous step's model, frozen: what class-incremental methods (WILSON, MiB, PLOP) distil from, and the one
place that loads a step's student and teacher from the previous step's checkpoint."""
from typing import Mapping, Optional

import torch
from torch import nn

from ..registry import MODELS
from .grow import load_grown

__all__ = ['Teacher', 'STUDENT_PREFIXES', 'load_student']

# the parts of a segmentor a new step inherits; a method's own extras (localizer, teacher, buffers) are not
STUDENT_PREFIXES = ('backbone.', 'neck.', 'decode_head.', 'auxiliary_head.')


class Teacher(nn.Module):
    """Encoder (backbone + optional neck) and decode head of the previous step (``num_old_classes`` outputs),
    never trained: no gradients, always in eval mode (BN statistics and dropout frozen).

    Args:
        backbone, decode_head, neck: the student's mmseg configs (the head is built with ``num_old_classes``).
        num_old_classes: the previous step's channels (background + old classes).
    """

    def __init__(self, *, backbone: dict, decode_head: dict, num_old_classes: int,
                 neck: Optional[dict] = None) -> None:
        super().__init__()
        self.backbone = MODELS.build(backbone)
        if neck is not None:
            self.neck = MODELS.build(neck)
        self.decode_head = MODELS.build(dict(decode_head, num_classes=num_old_classes))
        self.requires_grad_(False)
        self.eval()  # from the start: a model is in training mode until someone calls train() or eval()

    def train(self, mode: bool = True) -> 'Teacher':
        return super().train(False)

    def extract_feat(self, inputs: torch.Tensor) -> list:
        feats = self.backbone(inputs)
        return self.neck(feats) if hasattr(self, 'neck') else feats

    def load(self, state: Mapping[str, torch.Tensor]) -> None:
        """Take every part from a segmentor's ``state`` (``backbone.*``, ``neck.*``, ``decode_head.*``)."""
        for name, part in self.named_children():
            load_grown(part, state, prefix=f'{name}.')


def load_student(model: nn.Module, state: Mapping[str, torch.Tensor]) -> list[str]:
    """Load the student parts (``STUDENT_PREFIXES``) of a previous step's ``state`` into ``model``, classifiers
    grown (old rows copied). Returns the grown keys."""
    return load_grown(model, {k: v for k, v in state.items() if k.startswith(STUDENT_PREFIXES)})
