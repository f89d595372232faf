"""The segmentor of a class-incremental step trained with pixel labels (fine-tuning, MiB, PLOP): it starts from
the previous step's checkpoint, its classifiers grown, and may keep that checkpoint as a frozen teacher."""
from typing import Optional

import torch
from mmengine.logging import print_log

from ..errors import CheckpointError, ConfigError
from ..registry import MODELS
from .grow import init_from_background, read_state_dict
from .head_loss import bilinear_resize
from .segmentor import ContinualSegmentor
from .teacher import Teacher, load_student

__all__ = ['IncrementalSegmentor', 'INIT_NEW', 'stack_targets']

# how the new classes' classifier rows start: PyTorch's default init, or MiB's from the background row
INIT_NEW = ('random', 'background')


def stack_targets(data_samples: list) -> torch.Tensor:
    """(N, H, W) label map of a batch (the data preprocessor has padded every sample to one size)."""
    return torch.stack([s.gt_sem_seg.data.squeeze(0) for s in data_samples]).long()


@MODELS.register_module()
class IncrementalSegmentor(ContinualSegmentor):
    """:class:`ContinualSegmentor` of step ``t``: ``init_weights`` loads the previous step's checkpoint
    (``init_from``: backbone, neck, heads; the old classes' classifier rows copied), sets the new rows by
    ``init_new``, and fills ``teacher`` (a frozen :class:`Teacher` with ``num_old_classes`` outputs) when asked.

    Args:
        init_from: the previous step's checkpoint (set per step by the method's plugin); None at step 0.
        num_old_classes: the previous step's channels (background + old classes); 0 at step 0.
        init_new: ``'random'`` or ``'background'`` (MiB's initialisation, :func:`init_from_background`).
        with_teacher: build the frozen teacher at steps > 0 (methods that distil).
        **kwargs: ``EncoderDecoder`` arguments (backbone, decode_head, neck, auxiliary_head, ...).
    """

    def __init__(self, *, init_from: Optional[str] = None, num_old_classes: int = 0, init_new: str = 'random',
                 with_teacher: bool = False, **kwargs) -> None:
        if init_new not in INIT_NEW:
            raise ConfigError(f'model.init_new must be one of {INIT_NEW}, got {init_new!r}.')
        super().__init__(**kwargs)
        self.init_from, self.num_old, self.init_new = init_from, int(num_old_classes), init_new
        self.teacher = None
        if with_teacher and self.num_old:
            self.teacher = Teacher(backbone=kwargs['backbone'], decode_head=kwargs['decode_head'],
                                   neck=kwargs.get('neck'), num_old_classes=self.num_old)

    def init_weights(self) -> None:
        super().init_weights()
        if not self.init_from:  # the runner resumes a step after this, so a resumed step keeps its own weights
            return
        state = read_state_dict(self.init_from)
        self._check_old_classes(state)
        grown = load_student(self, state)
        initialised = init_from_background(self, grown, self.num_old) if self.init_new == 'background' else []
        if self.teacher is not None:
            self.teacher.load(state)
        print_log(f'{type(self).__name__}: loaded {self.init_from}; grown: {grown}; new classes from the background '
                  f'row: {initialised}; teacher: {self.teacher is not None}', logger='current')

    def _check_old_classes(self, state: dict) -> None:
        rows = state.get('decode_head.conv_seg.weight')
        if self.num_old and rows is not None and rows.shape[0] != self.num_old:
            raise CheckpointError(f'{self.init_from} has {rows.shape[0]} classifier rows, but this step expects '
                                  f'num_old_classes={self.num_old}: is it the previous step of this scenario?')

    def image_logits(self, logits: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
        """(N, C, h, w) head logits upsampled to the input's (H, W), as mmseg's heads do for their losses."""
        return bilinear_resize(logits, inputs.shape[-2:], self.align_corners)

    def teacher_logits(self, inputs: torch.Tensor) -> torch.Tensor:
        """(N, num_old, h, w) logits of the frozen previous-step model."""
        with torch.no_grad():
            return self.teacher.decode_head(self.teacher.extract_feat(inputs))
