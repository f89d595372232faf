"""mmengine pieces the continual runner needs: a Runner that records trusted checkpoints and a DDP
wrapper that also runs on CPU."""
import copy
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config
from mmengine.model import MMDistributedDataParallel
from mmengine.runner import Runner

from ..checkpoint import record_trusted
from ..dist import is_main_process
from .rng_state import RNG_META_KEY, capture_rng
from mmengine.registry import MODEL_WRAPPERS as ROOT_MODEL_WRAPPERS

from ..registry import RUNNERS

__all__ = ['ClsegRunner', 'CPUCompatibleDDP']


class FormatOnceConfig(Config):
    """A Config whose ``pretty_text`` is formatted (by yapf, about 0.5 s) once per content: mmengine's Runner
    formats its config for the log, for the dumped config file and for the meta of every checkpoint."""

    @property
    def pretty_text(self) -> str:
        key = repr(self._cfg_dict.to_dict())
        cached = self.__dict__.get('_clseg_pretty_text')
        if cached is None or cached[0] != key:
            cached = (key, Config.pretty_text.fget(self))
            object.__setattr__(self, '_clseg_pretty_text', cached)
        return cached[1]


@RUNNERS.register_module()
class ClsegRunner(Runner):
    """mmengine's Runner; every checkpoint it writes is recorded as trusted (see platform_core.checkpoint), and
    its config text is formatted once (``FormatOnceConfig``)."""

    def __init__(self, *args, cfg=None, **kwargs) -> None:
        if isinstance(cfg, Config) and not isinstance(cfg, FormatOnceConfig):
            cfg = copy.deepcopy(cfg)
            object.__setattr__(cfg, '__class__', FormatOnceConfig)  # Config routes setattr to its dict
        super().__init__(*args, cfg=cfg, **kwargs)

    def save_checkpoint(self, out_dir: str, filename: str, *args, meta: Optional[dict] = None, **kwargs) -> None:
        """mmengine's checkpoint, with the generators' state in its meta (``clseg_rng``), recorded as trusted."""
        meta = {**(meta or {}), RNG_META_KEY: capture_rng()}
        super().save_checkpoint(out_dir, filename, *args, meta=meta, **kwargs)
        if is_main_process():
            record_trusted(osp.join(out_dir, filename))

    def load_checkpoint(self, filename: str, *args, **kwargs) -> dict:
        checkpoint = super().load_checkpoint(filename, *args, **kwargs)
        self._loaded_meta = (checkpoint.get('meta') or {}) if isinstance(checkpoint, dict) else {}
        return checkpoint

    def resume(self, filename: str, *args, **kwargs) -> None:
        """mmengine's resume (which re-seeds); the generators' state the checkpoint carries is left for
        ``RestoreRngHook`` (see ``rng_state``), so the resumed task draws what the uninterrupted one would have."""
        super().resume(filename, *args, **kwargs)
        self.pending_rng = getattr(self, '_loaded_meta', {}).get(RNG_META_KEY)  # set by RestoreRngHook
        if self.pending_rng is None:
            self.logger.warning(f'{filename} holds no random-number state (written before clseg saved it): the '
                                'resumed task draws other random numbers than an uninterrupted run would.')

    def release_dataloaders(self) -> None:
        """Stop the worker processes of this runner's train / val / test dataloaders now.

        Left to garbage collection, a persistent worker of a finished task was seen waiting out torch's
        5-second join timeout before being killed (once per loader, i.e. about 10 s per task of a continual
        run); shut down here, while the runner is still whole, the workers exit at once.
        """
        for name in ('_train_loop', '_val_loop', '_test_loop'):
            loop = self.__dict__.get(name)
            loader = getattr(loop, 'dataloader', None)
            iterator = getattr(loader, '_iterator', None)
            if iterator is not None and hasattr(iterator, '_shutdown_workers'):
                iterator._shutdown_workers()
                loader._iterator = None


# Registered in mmengine's root registry: Runner.wrap_model looks the type up there with a plain
# ``get``, which does not descend into mmseg's scope.
@ROOT_MODEL_WRAPPERS.register_module()
class CPUCompatibleDDP(MMDistributedDataParallel):
    """mmengine's DDP wrapper; without CUDA it drops ``device_ids`` (which CPU DDP refuses)."""

    def __init__(self, module, device_ids=None, **kwargs) -> None:
        if not torch.cuda.is_available():
            device_ids = None
        super().__init__(module=module, device_ids=device_ids, **kwargs)
