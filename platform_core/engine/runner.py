"""mmengine pieces the continual runner needs: a Runner that records trusted checkpoints and a DDP
wrapper that also runs on CPU."""
import os.path as osp

import torch
from mmengine.model import MMDistributedDataParallel
from mmengine.runner import Runner

from ..checkpoint import record_trusted
from ..dist import is_main_process
from mmengine.registry import MODEL_WRAPPERS as ROOT_MODEL_WRAPPERS

from ..registry import RUNNERS

__all__ = ['ClsegRunner', 'CPUCompatibleDDP']


@RUNNERS.register_module()
class ClsegRunner(Runner):
    """mmengine's Runner; every checkpoint it writes is recorded as trusted (see platform_core.checkpoint)."""

    def save_checkpoint(self, out_dir: str, filename: str, *args, **kwargs) -> None:
        super().save_checkpoint(out_dir, filename, *args, **kwargs)
        if is_main_process():
            record_trusted(osp.join(out_dir, filename))


# Registered in mmengine's root registry: Runner.wrap_model looks the type up there with a plain
# ``get``, which does not descend into mmseg's scope.
@ROOT_MODEL_WRAPPERS.register_module()
class CPUCompatibleDDP(MMDistributedDataParallel):
    """mmengine's DDP wrapper; without CUDA it drops ``device_ids`` (which CPU DDP refuses)."""

    def __init__(self, module, device_ids=None, **kwargs) -> None:
        if not torch.cuda.is_available():
            device_ids = None
        super().__init__(module=module, device_ids=device_ids, **kwargs)
