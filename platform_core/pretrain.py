"""Backbone pretraining: train a config's classifier once, keep its backbone weights as a trusted file.

Real configs start from ImageNet weights in ``data/pretrained/``; offline there are none, so the CPU
configs start from a backbone pretrained here on a separately generated SynthVOC with attribute labels
(``configs/pretrain/``). The output is a plain ``{'state_dict': backbone weights, 'meta': ...}`` file
that mmseg's ``pretrained=`` / ``init_cfg=dict(type='Pretrained')`` loads; its sha256 is recorded as
trusted like every checkpoint clseg writes.
"""
import io
import os.path as osp
import time
from pathlib import Path

import torch
from mmengine.config import Config

from .checkpoint import is_trusted, record_trusted
from .data.synthvoc import generate
from .engine import ClsegRunner
from .errors import ConfigError
from .fileio import atomic_write_bytes

__all__ = ['pretrain_backbone', 'backbone_state_dict', 'DEFAULT_CONFIG']

DEFAULT_CONFIG = 'configs/pretrain/resnet18-slim_synthvoc-attributes.py'  # the CPU configs' backbone weights


def backbone_state_dict(model: torch.nn.Module) -> dict:
    """The ``backbone.*`` tensors of ``model`` (unwrapped from DDP), keys without the prefix."""
    model = getattr(model, 'module', model)
    state = {k[len('backbone.'):]: v.detach().cpu() for k, v in model.state_dict().items()
             if k.startswith('backbone.')}
    if not state:
        raise ConfigError(f'{type(model).__name__} has no `backbone`; pretraining keeps backbone weights only')
    return state


def pretrain_backbone(cfg: Config, *, out: str, force: bool = False) -> dict:
    """Generate the config's SynthVOC when missing, train, and write the backbone weights to ``out``.

    A trusted file already at ``out`` is kept unless ``force`` (the weights are made once per machine).
    Returns a summary: out, status ('exists' | 'trained'), seconds.
    """
    start = time.perf_counter()
    if osp.isfile(out) and is_trusted(out) and not force:
        return dict(out=out, status='exists', seconds=time.perf_counter() - start)
    if osp.exists(out) and not force:
        raise ConfigError(f'{out} exists but was not written by clseg on this machine; move it away or pass '
                          '--force to replace it')
    if 'synthvoc' in cfg:
        generate(cfg.train_dataloader.dataset.data_root, **cfg.synthvoc, force=force)
    runner = ClsegRunner.from_cfg(cfg)
    runner.train()
    buffer = io.BytesIO()
    meta = dict(config=cfg.filename, iterations=runner.iter, generator='platform_core.pretrain')
    torch.save(dict(state_dict=backbone_state_dict(runner.model), meta=meta), buffer)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, buffer.getvalue())
    record_trusted(out)
    return dict(out=out, status='trained', seconds=time.perf_counter() - start)
