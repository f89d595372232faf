"""Helpers for tests of the core and of plugins (first- and third-party)."""
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any, Mapping, Optional

from mmengine.config import Config

from .. import plugin_manager
from ..config import load_config
from ..data.synthvoc import generate
from ..registry import config_dicts

__all__ = ['make_tiny_synthvoc', 'tiny_config', 'drop_pretrained', 'fake_entry_points', 'run_configs']

TINY_SIZE = 64


def make_tiny_synthvoc(root: Path, *, num_train: int = 16, num_val: int = 8, seed: int = 0) -> Path:
    """A SynthVOC dataset of 64x64 images, in seconds."""
    generate(root, num_train=num_train, num_val=num_val, size=TINY_SIZE, seed=seed, workers=1)
    return Path(root)


def tiny_config(config: str, *, data_root: Path, work_dir: Path, max_iters: int = 4,
                checkpoint_interval: Optional[int] = None, options: Optional[Mapping[str, Any]] = None,
                launcher: str = 'none', keep_pretrained: bool = False) -> Config:
    """Load a repo config and shrink it to a few CPU iterations on tiny data (batch 2, no workers), from
    scratch unless ``keep_pretrained`` (tests have no weight files)."""
    cfg = load_config(config, work_dir=str(work_dir), data_root=str(data_root), launcher=launcher)
    if not keep_pretrained:
        cfg.pop('pretrained', None)
        for key in list(cfg.keys()):  # the model, and method keys holding sub-models (e.g. a CAM classifier)
            drop_pretrained(cfg[key])
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(key):
            cfg[key].update(batch_size=2, num_workers=0, persistent_workers=False)
    if 'data_preprocessor' in cfg.model and 'size' in cfg.model.data_preprocessor:
        cfg.model.data_preprocessor.size = (TINY_SIZE, TINY_SIZE)
    cfg.train_cfg.update(max_iters=max_iters, val_interval=max_iters)
    for scheduler in cfg.get('param_scheduler', []):
        if 'end' in scheduler:
            scheduler['end'] = max_iters
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.pop('visualization', None)
    cfg.default_hooks.checkpoint.update(max_keep_ckpts=3)
    cfg.merge_from_dict(dict(options or {}))
    if 'default_hooks.checkpoint.interval' not in (options or {}):  # by default one, at the last iteration
        cfg.default_hooks.checkpoint.interval = checkpoint_interval or cfg.train_cfg.max_iters
    return cfg


def run_configs(configs_dir: Path) -> list[Path]:
    """The configs ``tools/train.py`` runs under ``configs_dir``: not ``_base_`` fragments, not ``pretrain/``
    (tools/pretrain_backbone.py's, which have no scenario)."""
    return sorted(p for p in Path(configs_dir).rglob('*.py') if not {'_base_', 'pretrain'} & set(p.parts))


def drop_pretrained(node: Any) -> None:
    """Remove ``pretrained`` keys and ``init_cfg=dict(type='Pretrained')`` everywhere in ``node``."""
    for part in config_dicts(node):
        part.pop('pretrained', None)
        if isinstance(part.get('init_cfg'), dict) and part['init_cfg'].get('type') == 'Pretrained':
            part.pop('init_cfg')


def fake_entry_points(monkeypatch: Any, extra: Mapping[str, str]) -> None:
    """Add ``{name: 'module.path'}`` to the installed ``clseg.plugins`` entry points for one test."""
    real = plugin_manager.installed_plugins()
    fake = {name: EntryPoint(name=name, value=value, group=plugin_manager.ENTRY_POINT_GROUP)
            for name, value in extra.items()}
    monkeypatch.setattr(plugin_manager, 'installed_plugins', lambda: {**real, **fake})
