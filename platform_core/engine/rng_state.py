"""The random-number state a checkpoint carries, so that a resumed task draws the same dropout masks (and any
other random numbers of the main process) as the uninterrupted run: mmengine's checkpoints hold only the seed,
and the resumed runner re-seeds, restarting every generator from the task's first iteration.

``ClsegRunner`` saves the state with every checkpoint and, on resume, leaves it for ``RestoreRngHook``, which
sets it before the first resumed iteration: after mmengine has replayed the dataloader to the checkpoint's
position. With dataloader workers the main process's Python and numpy generators serve only the model and are
restored too; without workers the replayed data pipeline has already brought them where they were.
"""
import random
from typing import Optional

import numpy as np
import torch
from mmengine.hooks import Hook

from ..registry import HOOKS

__all__ = ['RNG_META_KEY', 'capture_rng', 'restore_rng', 'RestoreRngHook']

RNG_META_KEY = 'clseg_rng'


def capture_rng() -> dict:
    """The state of Python's, numpy's and torch's (CPU, and CUDA when present) generators of this process."""
    state = dict(python=random.getstate(), numpy=np.random.get_state(), torch=torch.get_rng_state())
    if torch.cuda.is_available():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict, *, host: bool = True) -> None:
    """Set torch's generators to ``state`` (from :func:`capture_rng`), and Python's and numpy's when ``host``."""
    torch.set_rng_state(state['torch'])
    if 'cuda' in state and torch.cuda.is_available() and len(state['cuda']) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(state['cuda'])
    if host:
        random.setstate(state['python'])
        np.random.set_state(state['numpy'])


@HOOKS.register_module()
class RestoreRngHook(Hook):
    """Before the first iteration after a resume, set the generators to the state the checkpoint carries
    (``runner.pending_rng``, left by ``ClsegRunner.resume``)."""
    priority = 'VERY_HIGH'

    def before_train_iter(self, runner, batch_idx: int, data_batch=None) -> None:
        state: Optional[dict] = runner.__dict__.pop('pending_rng', None)
        if state is not None:
            workers = getattr(runner.train_dataloader, 'num_workers', 0)
            restore_rng(state, host=workers > 0)
