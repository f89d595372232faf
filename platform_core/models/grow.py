"""Load a previous task's weights into a model whose classifiers grew: old rows copied, new rows kept."""
from typing import Mapping

import torch
from mmengine.runner.checkpoint import _load_checkpoint

from ..errors import CheckpointError

__all__ = ['read_state_dict', 'load_grown']


def read_state_dict(path: str) -> dict:
    """The ``state_dict`` of a checkpoint file, through mmengine's (clseg's safe) loader, on CPU."""
    checkpoint = _load_checkpoint(path, map_location='cpu')
    state = checkpoint.get('state_dict', checkpoint)
    return {k[len('module.'):] if k.startswith('module.') else k: v for k, v in state.items()}


def load_grown(module: torch.nn.Module, state: Mapping[str, torch.Tensor], *, prefix: str = '') -> list[str]:
    """Copy ``state[prefix + key]`` into each of ``module``'s tensors; where a checkpoint tensor has fewer
    rows (dim 0: the classes of a classifier that grew) only those rows are copied.

    Returns:
        the module keys that were grown. Module keys missing from ``state`` keep their values.
    Raises:
        CheckpointError: when shapes differ other than by growing dim 0.
    """
    grown = []
    with torch.no_grad():
        for key, target in module.state_dict().items():
            source = state.get(prefix + key)
            if source is None:
                continue
            if source.shape == target.shape:
                target.copy_(source)
            elif source.dim() == target.dim() and source.shape[1:] == target.shape[1:] \
                    and source.shape[0] < target.shape[0]:
                target[:source.shape[0]].copy_(source)
                grown.append(key)
            else:
                raise CheckpointError(f'cannot load {prefix + key} of shape {tuple(source.shape)} into '
                                      f'{key} of shape {tuple(target.shape)}: only classifiers may grow '
                                      '(more rows). Was the checkpoint made with another model config?')
    return grown
