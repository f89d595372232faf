"""The fine-tuning baseline's segmentor: mmseg's EncoderDecoder started from the previous step."""
from platform_core.models import IncrementalSegmentor
from platform_core.registry import MODELS

__all__ = ['FinetuneSegmentor']


@MODELS.register_module()
class FinetuneSegmentor(IncrementalSegmentor):
    """:class:`IncrementalSegmentor` without a teacher: weights from ``init_from`` (the previous step's
    checkpoint), old classifier rows copied and new rows freshly initialised; then plain CE on the step's labels
    (the head's own loss), so old classes are forgotten: the lower bound of class-incremental segmentation.

    Args:
        **kwargs: ``init_from``, ``num_old_classes``, ``init_new`` and the ``EncoderDecoder`` arguments.
    """
