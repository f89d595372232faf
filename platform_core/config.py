"""Load a run's config and apply the command line's overrides (shared by tools/train.py and test.py)."""
import argparse
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config
from mmengine.config import DictAction as MMEngineDictAction

from mmseg.datasets import BaseSegDataset

from .errors import ConfigError
from .registry import DATASETS, config_dicts

__all__ = ['load_config', 'check_option_keys', 'set_data_root', 'enable_amp', 'enable_tensorboard', 'section_options',
           'DictAction', 'show_predictions', 'save_predictions', 'flip_tta']


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
                data_root: Optional[str] = None, launcher: str = 'none', amp: bool = False,
                tensorboard: bool = False) -> Config:
    """Read ``path`` and apply overrides in the mmseg order; ``work_dir`` defaults to
    ``work_dirs/<config name>``; ``tensorboard`` adds TensorBoard to the vis backends."""
    if not osp.isfile(path):
        raise ConfigError(f'config file {path!r} not found. Pass the path of a config under configs/.')
    try:
        cfg = Config.fromfile(path)
    except Exception as exc:  # mmengine reports syntax and _base_ errors with several types
        raise ConfigError(f'config {path!r} could not be read: {type(exc).__name__}: {exc}') from exc
    if cfg_options:
        check_option_keys(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
    cfg.launcher = launcher
    cfg.work_dir = work_dir or cfg.get('work_dir') or osp.join('work_dirs', osp.splitext(osp.basename(path))[0])
    if data_root is not None:
        set_data_root(cfg, data_root)
    if amp:
        if 'optim_wrapper' not in cfg:
            raise ConfigError(f'--amp needs an `optim_wrapper` in {path!r}; this config trains nothing.')
        enable_amp(cfg.optim_wrapper)
    if tensorboard:
        enable_tensorboard(cfg)
    return cfg


def show_predictions(cfg: Config, show_dir: str) -> None:
    """``tools/test.py --show-dir``: mmseg's SegVisualizationHook draws every test image with its ground truth
    and prediction into ``show_dir`` (``vis_data/vis_image/``), as mmseg's test.py does."""
    cfg.default_hooks = dict(cfg.get('default_hooks') or {})
    cfg.default_hooks['visualization'] = dict(cfg.default_hooks.get('visualization') or {},
                                              type='SegVisualizationHook', draw=True, interval=1)
    cfg.visualizer = dict(cfg.get('visualizer') or dict(type='SegLocalVisualizer', vis_backends=[
        dict(type='LocalVisBackend')]), save_dir=show_dir)


def flip_tta(task_cfg: Config) -> None:
    """``tools/test.py --tta``: mmseg's test-time augmentation, applied to a task's config (after the scenario set
    its test pipeline): each image is predicted as it is and flipped (``TestTimeAug``), the predictions merged by
    mmseg's ``SegTTAModel``. Only for test sets of mmseg's kind (not an episodic few-shot test)."""
    dataset = task_cfg.test_dataloader.dataset
    dataset_type = DATASETS.get(dataset.get('type')) if isinstance(dataset.get('type'), str) else dataset.get('type')
    if not (isinstance(dataset_type, type) and issubclass(dataset_type, BaseSegDataset)):
        raise ConfigError(f'--tta: the test set of this config ({dataset.get("type")}) is not an mmseg dataset of '
                          'images and masks (an episodic test?); flip TTA does not apply, leave --tta out.')
    pipeline = list(dataset.pipeline)
    load = next((i for i, t in enumerate(pipeline) if t.get('type') == 'LoadImageFromFile'), None)
    if load is None:
        raise ConfigError('--tta: the test pipeline has no LoadImageFromFile to augment after.')
    flips = [dict(type='RandomFlip', prob=0.0, direction='horizontal'),
             dict(type='RandomFlip', prob=1.0, direction='horizontal')]
    dataset.pipeline = [*pipeline[:load + 1],
                        dict(type='TestTimeAug', transforms=[flips, *([t] for t in pipeline[load + 1:])])]
    task_cfg.model = dict(type='SegTTAModel', module=task_cfg.model)


def save_predictions(cfg: Config, out_dir: str) -> None:
    """``tools/test.py --out``: every test prediction as a label PNG in ``out_dir`` (``SavePredictionsHook``)."""
    cfg.custom_hooks = [*(cfg.get('custom_hooks') or []), dict(type='SavePredictionsHook', out_dir=out_dir)]


def enable_tensorboard(cfg: Config) -> None:
    """Add mmengine's TensorboardVisBackend to the config's vis backends (training scalars per task, every
    task's evaluation in ``<work_dir>/vis_data``); the ``tensorboard`` package must be installed."""
    try:
        import tensorboard  # noqa: F401
    except ImportError as exc:
        raise ConfigError("--tensorboard needs the tensorboard package: pip install -e '.[tensorboard]' (in the "
                          'clseg checkout), or pip install tensorboard.') from exc
    for holder in (cfg, cfg.get('visualizer') or {}):
        backends = holder.get('vis_backends')
        if backends is None:
            holder['vis_backends'] = backends = []
        if not any(b.get('type') == 'TensorboardVisBackend' for b in backends):
            backends.append(dict(type='TensorboardVisBackend'))


def check_option_keys(cfg: Config, options: dict) -> None:
    """Refuse an override that adds a key one typo away from a key the config has (``train_cfg.max_itres``):
    merged, it would reach a constructor as an unexpected argument, or be silently ignored. New keys that are
    not a typo of an existing one (a method's options section, ``start_from``) pass."""
    for dotted in options:
        node, path = dict(cfg.items()), []
        for part in dotted.split('.'):
            if isinstance(node, (list, tuple)) and part.isdigit() and int(part) < len(node):
                node, path = node[int(part)], path + [part]
                continue
            if not isinstance(node, dict) or part in node:
                node, path = (node.get(part) if isinstance(node, dict) else None), path + [part]
                continue
            close = [str(k) for k in node if _is_typo_of(part, str(k))]
            if close:
                where = f'under `{".".join(path)}`' if path else 'at the top level'
                raise ConfigError(f'--cfg-options {dotted}: the config has no `{part}` {where}; did you mean '
                                  f'`{".".join(path + close[:1])}`? (a new key a typo away from an existing one is '
                                  'refused)')
            break


def _is_typo_of(key: str, known: str) -> bool:
    """One edit apart (two for keys of 8 characters or more; keys under 4 never): an insertion, deletion,
    substitution or swap of neighbours (optimal string alignment distance)."""
    limit = 2 if min(len(key), len(known)) >= 8 else 1
    if key == known or min(len(key), len(known)) < 4 or abs(len(key) - len(known)) > limit:
        return False
    prev2, prev = None, list(range(len(known) + 1))
    for i, a in enumerate(key, 1):
        row = [i]
        for j, b in enumerate(known, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a != b)))
            if prev2 is not None and i > 1 and j > 1 and a == known[j - 2] and key[i - 2] == b:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1] <= limit


def enable_amp(optim_wrapper: dict) -> None:
    """Mixed precision: float16 with dynamic loss scaling on CUDA (mmengine's AmpOptimWrapper); bfloat16
    autocast without CUDA (BF16OptimWrapper, since mmengine's wrapper needs a GPU), on CPUs that compute
    bfloat16 natively (float32 elsewhere, logged: ``BF16OptimWrapper``'s ``bf16='auto'``)."""
    if torch.cuda.is_available():
        optim_wrapper.type = 'AmpOptimWrapper'
        optim_wrapper.pop('bf16', None)  # BF16OptimWrapper's CPU switch: AmpOptimWrapper takes no such argument
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
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        for node in config_dicts(cfg.get(key)):
            if 'data_root' in node:
                node['data_root'] = data_root
    if 'data_root' in cfg:
        cfg.data_root = data_root
