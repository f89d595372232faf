"""Checks that stop a run before it can end with exit 0 and numbers that mean nothing: a task that would train
for no iterations, and a checkpoint evaluated with a model it does not fit."""
from typing import Any, Iterator

import torch

from ..checkpoint import load_checkpoint_file
from ..errors import CheckpointError, ConfigError

__all__ = ['check_train_length', 'check_batch_sizes', 'check_checkpoint_fits']

_LENGTH_KEYS = ('max_iters', 'max_epochs', 'iters')


def _lengths(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            child = f'{path}.{key}'
            if key in _LENGTH_KEYS:
                yield child, value
            yield from _lengths(value, child)
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _lengths(value, f'{path}.{i}')


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def check_train_length(train_cfg: Any, where: str) -> None:
    """ConfigError when a training length in ``train_cfg`` (``max_iters``, ``max_epochs``, a stage's ``iters``)
    is not a positive integer; ``where`` names the task."""
    for key, value in _lengths(train_cfg or {}, 'train_cfg'):
        if not _positive_int(value):
            raise ConfigError(f'{key} = {value!r} for {where}: a task trains at least one iteration. Set it to a '
                              'positive integer (for a scenario with per-task lengths, scenario.train_iters).')


def check_batch_sizes(cfg: Any) -> None:
    """ConfigError when a dataloader's ``batch_size`` is not a positive integer."""
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(key)
        size = loader.get('batch_size', 1) if isinstance(loader, dict) else 1
        if not _positive_int(size):
            raise ConfigError(f'{key}.batch_size = {size!r}: a batch holds at least one sample; set a positive '
                              'integer.')


def check_checkpoint_fits(model: torch.nn.Module, checkpoint: str) -> None:
    """CheckpointError when ``checkpoint`` lacks weights of ``model`` or holds them with other shapes: mmengine
    would load what fits, warn, and evaluate the rest at its initial values."""
    loaded = load_checkpoint_file(checkpoint, map_location='cpu')
    state = loaded.get('state_dict', loaded) if isinstance(loaded, dict) else None
    if not isinstance(state, dict):
        raise CheckpointError(f'checkpoint {checkpoint} holds no state_dict; pass a checkpoint tools/train.py wrote.')
    model = getattr(model, 'module', model)
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    shapes = [f'{k} {tuple(state[k].shape)} vs {tuple(v.shape)}' for k, v in own.items()
              if k in state and hasattr(state[k], 'shape') and tuple(state[k].shape) != tuple(v.shape)]
    if missing or shapes:
        detail = '; '.join(filter(None, [
            f'{len(missing)} of the model\'s {len(own)} tensors missing (e.g. {", ".join(missing[:3])})' if missing
            else '', f'{len(shapes)} with other shapes (checkpoint vs model, e.g. {", ".join(shapes[:2])})'
            if shapes else '']))
        raise CheckpointError(f'checkpoint {checkpoint} does not fit the model of this config ({detail}). It was '
                              'trained with another model or number of classes: pass the config it was trained '
                              'with (and --task for a continual run), or the checkpoint of this config.')
