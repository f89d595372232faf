"""Load a previous task's weights into a model whose classifiers grew: old rows copied, new rows kept."""
from typing import Mapping

import math

import torch
from mmengine.runner.checkpoint import _load_checkpoint

from ..errors import CheckpointError

__all__ = ['read_state_dict', 'load_grown', 'init_from_background']


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


def init_from_background(module: torch.nn.Module, grown: list[str], num_old: int) -> list[str]:
    """MiB's classifier initialisation of the new classes (Cermelli et al., CVPR 2020; ``init_balanced``), on every
    grown ``conv_seg`` among ``grown`` (keys from :func:`load_grown`): the new rows take the background row's
    weight; their bias and the background's become ``b_bg - log(n_new + 1)``, so background and the new classes
    share the probability the background had. Returns the classifiers it initialised."""
    done = []
    with torch.no_grad():
        for key in grown:
            if not key.endswith('conv_seg.weight'):
                continue
            conv = module.get_submodule(key[:-len('.weight')])
            num_new = conv.out_channels - num_old
            conv.weight[num_old:] = conv.weight[0]
            if conv.bias is not None:
                bias = conv.bias[0] - math.log(num_new + 1)
                conv.bias[num_old:] = bias
                conv.bias[0] = bias
            done.append(key[:-len('.weight')])
    return done
