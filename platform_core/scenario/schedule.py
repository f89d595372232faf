"""Task lengths: steps stated in epochs (as papers give them) for the iteration-based loops the platform runs,
and the config overrides that give a task its own length."""
from typing import Any

from mmengine.dist import get_world_size

from ..registry import DATASETS

__all__ = ['iters_per_epoch', 'task_length_overrides']


def iters_per_epoch(dataset: Any, batch_size: int, world_size: int = 0) -> float:
    """Iterations of one pass over ``dataset`` (a dataset config, its filters applied) at the global batch
    size ``batch_size`` x processes (``world_size``; 0 = the running process group's)."""
    images = len(DATASETS.build(dict(dataset, pipeline=[])))  # built without its transforms, only to count
    return images / (batch_size * (world_size or get_world_size()))


def task_length_overrides(cfg: Any, iters: int) -> dict:
    """Overrides that make a task train ``iters`` iterations (evaluated once at the end): schedulers that end
    with the config's ``train_cfg.max_iters`` end with the task; the others (a warm-up) keep their own end."""
    base = int(cfg.train_cfg.max_iters)
    schedulers = [dict(s, end=iters) if s.get('end') == base else dict(s) for s in cfg.get('param_scheduler', [])]
    return {'train_cfg.max_iters': iters, 'train_cfg.val_interval': iters, 'param_scheduler': schedulers}
