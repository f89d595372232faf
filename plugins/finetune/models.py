"""The fine-tuning baseline's segmentor: mmseg's EncoderDecoder started from the previous step."""
from typing import Optional

from mmengine.logging import print_log

from platform_core.models import ContinualSegmentor
from platform_core.models.grow import load_grown, read_state_dict
from platform_core.registry import MODELS

__all__ = ['FinetuneSegmentor']


@MODELS.register_module()
class FinetuneSegmentor(ContinualSegmentor):
    """:class:`ContinualSegmentor` whose weights start from ``init_from`` (the previous step's checkpoint),
    classifier rows of the old classes copied and new rows freshly initialised; then plain CE training.

    Args:
        init_from: checkpoint of the previous step (set per step by the plugin); None = from scratch.
        **kwargs: ``EncoderDecoder`` arguments (backbone, decode_head, auxiliary_head, ...).
    """

    def __init__(self, *, init_from: Optional[str] = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.init_from = init_from

    def init_weights(self) -> None:
        super().init_weights()
        if self.init_from:  # the runner resumes a step after this, so a resumed step keeps its own weights
            grown = load_grown(self, read_state_dict(self.init_from))
            print_log(f'finetune: loaded {self.init_from}; grown classifiers: {grown}', logger='current')
