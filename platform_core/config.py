"""Load a run's config and apply the command line's overrides (shared by tools/train.py and test.py)."""
import argparse
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config
from mmengine.config import DictAction as MMEngineDictAction

from .errors import ConfigError

__all__ = ['load_config', 'set_data_root', 'enable_amp', 'section_options', 'DictAction']


class DictAction(MMEngineDictAction):
    """mmengine's ``--cfg-options KEY=VALUE ...`` parser; an item it cannot read is one argparse error naming
    the item (usage, exit 2) instead of a traceback."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        for item in values:
            if '=' not in item or not item.split('=', 1)[0]:
                raise argparse.ArgumentError(self, f"'{item}' is not KEY=VALUE (e.g. train_cfg.max_iters=200)")
        try:
            super().__call__(parser, namespace, values, option_string)
        except Exception as exc:  # mmengine's value parser fails with several types on malformed values
            raise argparse.ArgumentError(self, f'could not read {" ".join(values)!r}: {type(exc).__name__}: '
                                               f'{exc}. Values are numbers, strings, True/False/None, [a,b] or '
                                               '(a,b); quote the whole option for the shell.') from exc


def load_config(path: str, *, cfg_options: Optional[dict] = None, work_dir: Optional[str] = None,
                data_root: Optional[str] = None, launcher: str = 'none', amp: bool = False) -> Config:
    """Read ``path`` and apply overrides in the mmseg order; ``work_dir`` defaults to
    ``work_dirs/<config name>``."""
    if not osp.isfile(path):
        raise ConfigError(f'config file {path!r} not found. Pass the path of a config under configs/.')
    try:
        cfg = Config.fromfile(path)
    except Exception as exc:  # mmengine reports syntax and _base_ errors with several types
        raise ConfigError(f'config {path!r} could not be read: {type(exc).__name__}: {exc}') from exc
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    cfg.launcher = launcher
    cfg.work_dir = work_dir or cfg.get('work_dir') or osp.join('work_dirs', osp.splitext(osp.basename(path))[0])
    if data_root is not None:
        set_data_root(cfg, data_root)
    if amp:
        if 'optim_wrapper' not in cfg:
            raise ConfigError(f'--amp needs an `optim_wrapper` in {path!r}; this config trains nothing.')
        enable_amp(cfg.optim_wrapper)
    return cfg


def enable_amp(optim_wrapper: dict) -> None:
    """Mixed precision: float16 with dynamic loss scaling on CUDA (mmengine's AmpOptimWrapper); bfloat16
    autocast without CUDA (BF16OptimWrapper, since mmengine's wrapper needs a GPU), on CPUs that compute
    bfloat16 natively (float32 elsewhere, logged: ``BF16OptimWrapper``'s ``bf16='auto'``)."""
    if torch.cuda.is_available():
        optim_wrapper.type = 'AmpOptimWrapper'
        optim_wrapper.setdefault('loss_scale', 'dynamic')
    else:
        optim_wrapper.type = 'BF16OptimWrapper'


def section_options(cfg: Config, name: str, defaults: dict) -> dict:
    """A method's options section of the config (``wilson = dict(...)``) over its ``defaults``; a key the method
    does not know is a ConfigError naming it (a typo must not silently fall back to a default)."""
    given = dict(cfg.get(name) or {})
    unknown = set(given) - set(defaults)
    if unknown:
        raise ConfigError(f'`{name}` has unknown keys {sorted(unknown)}; known: {sorted(defaults)}.')
    return {**defaults, **given}


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every dataloader's dataset (and nested datasets) at ``data_root``."""
    def visit(node) -> None:
        if isinstance(node, dict):
            if 'data_root' in node:
                node['data_root'] = data_root
            for value in node.values():
                visit(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                visit(value)

    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(key):
            visit(cfg[key])
    if 'data_root' in cfg:
        cfg.data_root = data_root
